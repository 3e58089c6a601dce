package dev.eggos.egg;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pack", mixinStandardHelpOptions = true,
        description = {
            "Pack a program into a bootable ISO image: GRUB boots its eggos image on BIOS and UEFI PCs.",
            "Boot it with `egg run X.iso` (--uefi for UEFI), or write it to a USB stick:"
                    + " `sudo dd if=X.iso of=/dev/sdX bs=4M conv=fsync`, or copy it to a Ventoy stick."},
        footer = {"", "Needs grub-mkrescue (grub-common), grub-pc-bin, grub-efi-amd64-bin, xorriso and mtools:"
                + " egg installs them as root on Debian, else says what to run.",
            "Example: egg pack examples/graphic -o graphic.iso && egg run graphic.iso --graphic"})
public final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = {"-o", "--output"}, paramLabel = "X.iso",
            description = "The ISO to write (default: NAME.iso in this folder).")
    Path output;

    @Option(names = "--kernel-arg", paramLabel = "ARG",
            description = "Add ARG to the kernel's command line. Repeatable.")
    List<String> kernelArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String cmdline = RunCommand.kernelCmdline(null, kernelArgs);
        Path mkrescue = Grub.locate(err);
        Path work = Files.createTempDirectory("egg-pack-");
        try {
            IsoImage files = IsoImage.write(image, work.resolve("image"), err);
            Path iso = output != null ? output : Path.of(files.name() + ".iso");
            long size = Iso.pack(mkrescue, files.files(), cmdline, iso, work);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s (%.1f MiB)%n", iso, size / (1024.0 * 1024.0));
            out.flush();
            return 0;
        } finally {
            FileTrees.delete(work);
        }
    }

    /**
     * The eggos image inside the ISO, made as {@code egg build} makes it (the same options), and
     * the program's name (the default ISO's).
     */
    record IsoImage(ImageFiles files, String name) {
        static IsoImage write(ImageOptions image, Path dir, PrintWriter err) throws Exception {
            BuildCommand build = new BuildCommand();
            CommandLine cl = new CommandLine(build);
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(err);
            build.image = image;
            build.output = dir;
            build.call();
            return new IsoImage(new ImageFiles(dir, dir.resolve(ImageFiles.KERNEL), dir.resolve(ImageFiles.INITRAMFS)),
                    name(image.file));
        }

        /** The file's or folder's name, without .jar. */
        static String name(String file) {
            Path n = Path.of(file).toAbsolutePath().normalize().getFileName();
            String s = n == null ? "program" : n.toString();
            return s.endsWith(".jar") && s.length() > 4 ? s.substring(0, s.length() - 4) : s;
        }
    }
}
