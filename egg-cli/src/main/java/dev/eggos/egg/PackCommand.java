package dev.eggos.egg;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pack", mixinStandardHelpOptions = true,
        description = {
            "Pack a program into a bootable image: GRUB boots its eggos image on BIOS and UEFI PCs.",
            "An ISO (the default) or a raw GPT disk image (--format raw). Boot either with `egg run X.iso`"
                    + " or `egg run X.img` (--uefi for UEFI), or write it to a USB stick:"
                    + " `sudo dd if=X.img of=/dev/sdX bs=4M conv=fsync`; an ISO also goes on a Ventoy stick."},
        footer = {"", "Needs grub-common, grub-pc-bin, grub-efi-amd64-bin and mtools, and xorriso for ISOs:"
                + " egg installs them as root on Debian, else says what to run.",
            "Examples: egg pack examples/graphic -o graphic.iso && egg run graphic.iso --graphic",
            "          egg pack examples/helloworld -o hello.img && egg run hello.img --uefi"})
public final class PackCommand implements Callable<Integer> {
    /** What egg pack writes. */
    public enum Format {
        /** A hybrid ISO (grub-mkrescue): a CD, a USB stick, Ventoy. */
        ISO,
        /** A GPT disk image (see {@link RawDisk}): a USB stick, a virtual machine's hard disk. */
        RAW;

        /** The output's name when -o is not given. */
        String extension() {
            return this == ISO ? ".iso" : ".img";
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = {"-o", "--output"}, paramLabel = "IMAGE",
            description = "The image to write (default: NAME.iso, or NAME.img with --format raw, in this folder).")
    Path output;

    @Option(names = "--format", paramLabel = "iso|raw",
            description = "iso: a hybrid ISO image for a CD, a USB stick or Ventoy; raw: a GPT disk image to write"
                    + " to a USB stick or give a virtual machine as its hard disk. Without --format, -o X.img or"
                    + " X.raw means raw, anything else iso.")
    Format format;

    @Mixin
    GuestIpOptions guestIp;

    @Option(names = "--kernel-arg", paramLabel = "ARG",
            description = "Add ARG to the kernel's command line. Repeatable.")
    List<String> kernelArgs = new ArrayList<>();

    /**
     * The format: --format, else told by the output's extension (.img and .raw: raw), else an ISO.
     * A format and an extension that contradict each other are a usage error.
     */
    static Format format(Format given, Path output) {
        String name = output == null || output.getFileName() == null ? ""
                : output.getFileName().toString().toLowerCase(Locale.ROOT);
        Format told = name.endsWith(".img") || name.endsWith(".raw") ? Format.RAW
                : name.endsWith(".iso") ? Format.ISO : null;
        if (given != null && told != null && given != told) {
            throw EggException.usage("--format " + given.name().toLowerCase(Locale.ROOT) + " with -o "
                    + output + ": name it X" + given.extension() + ", or drop --format");
        }
        return given != null ? given : told != null ? told : Format.ISO;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String cmdline = RunCommand.kernelCmdline(null, kernelArgs)
                + guestIp.kernelArg(kernelArgs);
        Format f = format(format, output);
        Path tool = Grub.locate(f == Format.ISO ? Grub.ISO : Grub.RAW, err);
        Path work = Files.createTempDirectory("egg-pack-");
        try {
            PackedImage files = PackedImage.write(image, work.resolve("image"), err);
            Path out = output != null ? output : Path.of(files.name() + f.extension());
            long size = f == Format.ISO ? Iso.pack(tool, files.files(), cmdline, out, work)
                    : RawDisk.pack(tool, files.files(), cmdline, out, work, err);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%s (%.1f MiB)%n", out, size / (1024.0 * 1024.0));
            o.flush();
            return 0;
        } finally {
            FileTrees.delete(work);
        }
    }

    /**
     * The eggos image inside the ISO or disk image, made as {@code egg build} makes it (the same
     * options), and the program's name (the default output's).
     */
    record PackedImage(ImageFiles files, String name) {
        static PackedImage write(ImageOptions image, Path dir, PrintWriter err) throws Exception {
            BuildCommand build = new BuildCommand();
            CommandLine cl = new CommandLine(build);
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(err);
            build.image = image;
            build.output = dir;
            build.call();
            return new PackedImage(new ImageFiles(dir, dir.resolve(ImageFiles.KERNEL), dir.resolve(ImageFiles.INITRAMFS)),
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
