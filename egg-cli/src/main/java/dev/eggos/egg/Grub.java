package dev.eggos.egg;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GRUB's tools, with what they need to make images that boot on both kinds of PC: GRUB's modules
 * for BIOS (grub-pc-bin) and for UEFI (grub-efi-amd64-bin), and mtools (the FAT image of the EFI
 * system partition). An ISO is made by grub-mkrescue, which also needs xorriso; a raw disk image
 * by grub-mkimage (see {@link RawDisk}).
 */
public final class Grub {
    public static final String MKRESCUE = "grub-mkrescue";
    public static final String MKIMAGE = "grub-mkimage";
    public static final Path BIOS_MODULES = Path.of("/usr/lib/grub/i386-pc");
    public static final Path EFI_MODULES = Path.of("/usr/lib/grub/x86_64-efi");

    /** One thing grub-mkrescue needs: a command on the PATH or a folder, and its Debian package. */
    public record Part(String name, String what, String purpose, String pkg) {
        public Optional<Path> find() {
            if (what.startsWith("/")) {
                Path p = Path.of(what);
                return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
            }
            return Host.which(what);
        }
    }

    private static final Part RESCUE = new Part(MKRESCUE, MKRESCUE, "makes bootable ISO images (egg pack)",
            "grub-common");
    private static final Part IMAGE = new Part(MKIMAGE, MKIMAGE, "makes GRUB for raw disk images (egg pack)",
            "grub-common");
    private static final Part BIOS = new Part("GRUB for BIOS", BIOS_MODULES.toString(), "GRUB for BIOS PCs (egg pack)",
            "grub-pc-bin");
    private static final Part EFI = new Part("GRUB for UEFI", EFI_MODULES.toString(), "GRUB for UEFI PCs (egg pack)",
            "grub-efi-amd64-bin");
    private static final Part XORRISO = new Part("xorriso", "xorriso", "writes ISO images (egg pack)", "xorriso");
    private static final Part MTOOLS = new Part("mformat", "mformat", "writes EFI system partitions (egg pack)",
            "mtools");

    /** What an ISO needs; its first part is the tool that makes it. */
    public static final List<Part> ISO = List.of(RESCUE, BIOS, EFI, XORRISO, MTOOLS);
    /** What a raw disk image needs; its first part is the tool that makes it. */
    public static final List<Part> RAW = List.of(IMAGE, BIOS, EFI, MTOOLS);
    /** Everything egg pack may need (egg doctor). */
    public static final List<Part> PARTS = List.of(RESCUE, IMAGE, BIOS, EFI, XORRISO, MTOOLS);

    private Grub() {
    }

    /** The packages of the parts that are missing, each once. */
    public static List<String> missingPackages(List<Part> parts) {
        List<String> missing = new ArrayList<>();
        for (Part p : parts) {
            if (p.find().isEmpty() && !missing.contains(p.pkg())) {
                missing.add(p.pkg());
            }
        }
        return missing;
    }

    /**
     * The tool that makes an image ({@code parts}' first), with everything it needs. When something
     * is missing: as root on Debian, installs it (apt-get's output on stderr); elsewhere fails with
     * the command to type.
     */
    public static Path locate(List<Part> parts, PrintWriter err) {
        List<String> missing = missingPackages(parts);
        if (!missing.isEmpty()) {
            String hint = "GRUB's tools for egg pack are missing: run `" + Host.installCommand(missing) + "`";
            Host.installOrFail(missing, "egg: installing " + String.join(" ", missing) + " with apt-get (for egg pack)",
                    hint, err);
            if (!missingPackages(parts).isEmpty()) {
                throw EggException.environment(hint);
            }
        }
        return parts.get(0).find().orElseThrow();
    }
}
