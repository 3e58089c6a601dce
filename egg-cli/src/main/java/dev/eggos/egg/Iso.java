package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bootable ISO images: an eggos image (kernel and initramfs) with GRUB, which boots it by
 * Multiboot 2 on BIOS PCs (El Torito) and UEFI PCs (x86_64-efi), from a CD or a USB stick.
 */
public final class Iso {
    /** Where the ISO keeps the image. */
    public static final String KERNEL = "boot/eggos.elf";
    public static final String INITRAMFS = "boot/initramfs.cpio";
    private static final long MKRESCUE_TIMEOUT_SECONDS = 300;

    private Iso() {
    }

    /** Whether {@code file} is an ISO 9660 image: "CD001" at byte 0x8001. */
    public static boolean isIso(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(0x8006);
            return head.length == 0x8006
                    && Arrays.equals(head, 0x8001, 0x8006, "CD001".getBytes(StandardCharsets.US_ASCII), 0, 5);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * GRUB's menu: one entry, booted at once without showing the menu. {@code terminal_output
     * console} keeps GRUB on the screen (on BIOS), off the serial port that is the program's
     * console; {@code all_video} lets GRUB set the framebuffer the kernel asks for.
     */
    public static String grubConfig(String cmdline) {
        return String.join("\n",
                "# eggos: the kernel by Multiboot 2, the program's initramfs as its module.",
                "insmod all_video",
                "terminal_output console",
                "set timeout=0",
                "set timeout_style=hidden",
                "menuentry \"eggos\" {",
                "    multiboot2 /" + KERNEL + " " + cmdline,
                "    module2 /" + INITRAMFS,
                "}",
                "");
    }

    /**
     * The files GRUB reads, under {@code tree}: the kernel, the initramfs and boot/grub/grub.cfg
     * (the ISO's and the raw disk's EFI system partition's).
     */
    public static void bootFiles(ImageFiles image, String cmdline, Path tree) throws IOException {
        Files.createDirectories(tree.resolve("boot/grub"));
        Files.copy(image.kernel(), tree.resolve(KERNEL), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(image.initramfs(), tree.resolve(INITRAMFS), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(tree.resolve("boot/grub/grub.cfg"), grubConfig(cmdline));
    }

    /** Writes {@code iso} from the image with grub-mkrescue; returns its size in bytes. */
    public static long pack(Path mkrescue, ImageFiles image, String cmdline, Path iso, Path work)
            throws IOException, InterruptedException {
        Path tree = work.resolve("iso");
        bootFiles(image, cmdline, tree);
        Path tmp = iso.resolveSibling(iso.getFileName() + ".tmp");
        Path log = work.resolve("grub-mkrescue.log");
        // No translations, fonts or themes: GRUB shows nothing, and the ISO is smaller.
        List<String> cmd = List.of(mkrescue.toString(), "--locales=", "--fonts=", "--themes=",
                "-o", tmp.toString(), tree.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(MKRESCUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw EggException.environment("grub-mkrescue did not finish in " + MKRESCUE_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
            Files.deleteIfExists(tmp);
            throw EggException.environment("grub-mkrescue failed (status " + p.exitValue() + "): "
                    + lastLine(Files.readString(log)));
        }
        Files.move(tmp, iso, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(iso);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "(no output)" : lines[lines.length - 1].strip();
    }
}
