package dev.eggos.egg;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GRUB's {@code grub-mkrescue}, with what it needs to make an ISO that boots on both kinds of PC:
 * GRUB's modules for BIOS (grub-pc-bin) and for UEFI (grub-efi-amd64-bin), xorriso (writes the
 * ISO) and mtools (the FAT image of the EFI system partition).
 */
public final class Grub {
    public static final String MKRESCUE = "grub-mkrescue";
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

    public static final List<Part> PARTS = List.of(
            new Part(MKRESCUE, MKRESCUE, "makes bootable ISO images (egg pack)", "grub-common"),
            new Part("GRUB for BIOS", BIOS_MODULES.toString(), "GRUB for BIOS PCs (egg pack)", "grub-pc-bin"),
            new Part("GRUB for UEFI", EFI_MODULES.toString(), "GRUB for UEFI PCs (egg pack)", "grub-efi-amd64-bin"),
            new Part("xorriso", "xorriso", "writes ISO images (egg pack)", "xorriso"),
            new Part("mformat", "mformat", "writes the ISO's EFI partition (egg pack)", "mtools"));

    private Grub() {
    }

    /** The packages of the parts that are missing. */
    public static List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        for (Part p : PARTS) {
            if (p.find().isEmpty()) {
                missing.add(p.pkg());
            }
        }
        return missing;
    }

    /**
     * grub-mkrescue, with everything it needs. When something is missing: as root on Debian,
     * installs it (apt-get's output on stderr); elsewhere fails with the command to type.
     */
    public static Path locate(PrintWriter err) {
        List<String> missing = missingPackages();
        if (!missing.isEmpty()) {
            String hint = "GRUB's tools for ISO images are missing: run `" + Host.installCommand(missing) + "`";
            if (!Host.isRoot() || !Host.isDebian()) {
                throw EggException.environment(hint);
            }
            err.println("egg: installing " + String.join(" ", missing) + " with apt-get (for egg pack)");
            err.flush();
            try {
                Host.aptInstall(missing);
            } catch (IOException e) {
                throw EggException.environment(hint + " (apt-get failed: " + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EggException.environment(hint);
            }
            if (!missingPackages().isEmpty()) {
                throw EggException.environment(hint);
            }
        }
        return Host.which(MKRESCUE).orElseThrow();
    }
}
