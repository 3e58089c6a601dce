package dev.eggos.egg;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {
            "Build a bootable image of a program: DIR/kernel.elf and DIR/initramfs.cpio.",
            "Boot it with `egg run`, or with QEMU: -kernel kernel.elf -initrd initramfs.cpio."},
        footer = {"", "Examples: egg build examples/helloworld",
            "          egg build hello -o out -e GREETING=hi -- --name world"})
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to write the image (default: target/egg/NAME).")
    Path output;

    /** Where {@code egg build} writes the image of the program called {@code name} by default. */
    public static Path defaultOutput(String name) {
        return Path.of("target", "egg", name);
    }

    @Override
    public Integer call() throws Exception {
        Path dir = output != null ? output : defaultOutput(image.name());
        ImageFiles files = image.write(dir, Kernel.RESOURCE, spec.commandLine().getErr());
        spec.commandLine().getOut().println(files.dir());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
