package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Raw disk images ({@code egg pack --format raw}): what is written to a USB stick with dd or given
 * to a virtual machine as its hard disk. A GPT disk that GRUB boots the eggos image from by
 * Multiboot 2, as from the ISO:
 *
 * <ul>
 * <li>partition 1, the BIOS boot partition (1 MiB), holds GRUB's core image for BIOS PCs
 * (grub-mkimage -O i386-pc), and the MBR GRUB's boot.img, which loads it: what grub-install
 * does on a GPT disk;
 * <li>partition 2, the EFI system partition (FAT, written with mtools), holds
 * EFI/BOOT/BOOTX64.EFI (grub-mkimage -O x86_64-efi), the file UEFI PCs boot from removable
 * media, and the files GRUB reads: grub.cfg, the kernel and the initramfs (see
 * {@link Iso#bootFiles}).
 * </ul>
 *
 * Both GRUBs carry the modules they need, and their prefix names partition 2 of the disk they
 * were booted from.
 */
public final class RawDisk {
    private static final int SECTOR = Gpt.SECTOR;
    private static final long MIB_SECTORS = (1 << 20) / SECTOR;
    /** The BIOS boot partition: from 1 MiB, 1 MiB long; GRUB's core image at its start. */
    static final long CORE_SECTOR = MIB_SECTORS;
    /** The EFI system partition: from 2 MiB to 1 MiB before the disk's end. */
    static final long ESP_START = 2 * MIB_SECTORS;
    /** The EFI system partition's number: its entry in the GPT. */
    static final int ESP_NUMBER = 2;
    /** GRUB's modules on both kinds of PC: the disk, the file system, the menu, Multiboot 2, the screen. */
    static final List<String> MODULES = List.of("part_gpt", "fat", "normal", "multiboot2", "all_video");

    // grub-bios-setup's patches (GRUB's include/grub/i386/pc/boot.h).
    /** boot.img: the sector of core.img's first sector (8 bytes). */
    static final int KERNEL_SECTOR = 0x5c;
    /** boot.img: a jump that skips forcing the boot drive to 0x80; made two NOPs for hard disks. */
    static final int DRIVE_CHECK = 0x66;
    /** core.img's first sector (diskboot.img): its one block list, the rest of core.img (start 8, length 2, segment 2). */
    static final int BLOCKLIST = SECTOR - 12;
    static final int CORE_SEGMENT = 0x820;

    /** mtools read no configuration that could change the image, and do not ask. */
    private static final Map<String, String> MTOOLS = Map.of("MTOOLS_SKIP_CHECK", "1", "MTOOLSRC", "/dev/null");

    private RawDisk() {
    }

    /** Whether {@code file} is a disk image with a GPT: the MBR signature and "EFI PART" in sector 1. */
    public static boolean isDisk(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2 * SECTOR);
            return head.length == 2 * SECTOR && (head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xAA
                    && Arrays.equals(head, SECTOR, SECTOR + 8, "EFI PART".getBytes(StandardCharsets.US_ASCII), 0, 8);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the disk image {@code disk}; returns its size in bytes. */
    public static long pack(Path mkimage, ImageFiles image, String cmdline, Path disk, Path work, PrintWriter err)
            throws IOException {
        Path tree = work.resolve("esp");
        Iso.bootFiles(image, cmdline, tree);
        Files.createDirectories(tree.resolve("EFI/BOOT"));
        mkimage(mkimage, Grub.EFI_MODULES, "/boot/grub", List.of(), tree.resolve("EFI/BOOT/BOOTX64.EFI"), err);
        Path core = work.resolve("core.img");
        mkimage(mkimage, Grub.BIOS_MODULES, "(,gpt" + ESP_NUMBER + ")/boot/grub", List.of("biosdisk"), core, err);
        byte[] coreImg = coreImage(Files.readAllBytes(core), CORE_SECTOR);
        byte[] bootImg = bootSector(Files.readAllBytes(Grub.BIOS_MODULES.resolve("boot.img")), CORE_SECTOR);
        if (coreImg.length > (ESP_START - CORE_SECTOR) * SECTOR) {
            throw EggException.environment("GRUB's core image (" + coreImg.length + " bytes) is larger than the"
                    + " BIOS boot partition");
        }

        long espSectors = espSectors(treeSize(tree));
        Path esp = work.resolve("esp.img");
        Tool.run(List.of("mformat", "-i", esp.toString(), "-C", "-T", Long.toString(espSectors), "-h", "64",
                "-s", "32", "-H", Long.toString(ESP_START), "-v", "EGGOS", "::"), work, MTOOLS).check(err);
        Tool.run(List.of("mcopy", "-s", "-i", esp.toString(), tree.resolve("EFI").toString(),
                tree.resolve("boot").toString(), "::/"), work, MTOOLS).check(err);

        Gpt gpt = layout(espSectors, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Path tmp = disk.resolveSibling(disk.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel in = FileChannel.open(esp, StandardOpenOption.READ)) {
            gpt.write(out, bootImg);
            Gpt.writeAt(out, CORE_SECTOR, coreImg);
            long at = ESP_START * SECTOR, size = in.size();
            for (long done = 0; done < size; ) {
                done += out.transferFrom(in.position(done), at + done, size - done);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, disk, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(disk);
    }

    /**
     * The disk: the BIOS boot partition from 1 MiB to 2 MiB, the EFI system partition of
     * {@code espSectors} from 2 MiB, and 1 MiB after it, which ends with the backup GPT.
     */
    static Gpt layout(long espSectors, UUID diskId, UUID biosId, UUID espId) {
        long espEnd = ESP_START + espSectors;
        return new Gpt(espEnd + MIB_SECTORS, diskId, List.of(
                new Gpt.Partition(Gpt.BIOS_BOOT, biosId, CORE_SECTOR, ESP_START - 1, "BIOS boot partition"),
                new Gpt.Partition(Gpt.EFI_SYSTEM, espId, ESP_START, espEnd - 1, "EFI system partition")));
    }

    /**
     * The EFI system partition's size for files of {@code bytes}: room for FAT's tables, its
     * directories and the last clusters of files, in whole MiB.
     */
    static long espSectors(long bytes) {
        long mib = (bytes + bytes / 16 + (2 << 20) + (1 << 20) - 1) >> 20;
        return mib * MIB_SECTORS;
    }

    /**
     * GRUB's boot.img for the MBR, made to load the core image from {@code coreSector} of the
     * disk the BIOS booted (as grub-bios-setup does for a hard disk).
     */
    static byte[] bootSector(byte[] bootImg, long coreSector) {
        if (bootImg.length != SECTOR || (bootImg[510] & 0xff) != 0x55 || (bootImg[511] & 0xff) != 0xAA
                || (bootImg[DRIVE_CHECK] & 0xff) != 0xEB) {
            throw EggException.environment("GRUB's boot.img is not the one egg knows (GRUB 2.0x for i386-pc)");
        }
        byte[] b = bootImg.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(KERNEL_SECTOR, coreSector);
        b[DRIVE_CHECK] = (byte) 0x90;
        b[DRIVE_CHECK + 1] = (byte) 0x90;
        return b;
    }

    /**
     * grub-mkimage's core image, its block list pointed at its own second sector on the disk (its
     * first is {@code coreSector}).
     */
    static byte[] coreImage(byte[] coreImg, long coreSector) {
        if (coreImg.length <= SECTOR) {
            throw EggException.environment("GRUB's core image is too short (" + coreImg.length + " bytes)");
        }
        byte[] c = coreImg.clone();
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        int sectors = (c.length - SECTOR + SECTOR - 1) / SECTOR;
        if (b.getShort(BLOCKLIST + 8) != (short) sectors || b.getShort(BLOCKLIST + 10) != CORE_SEGMENT) {
            throw EggException.environment("GRUB's core image has an unexpected block list (length "
                    + (b.getShort(BLOCKLIST + 8) & 0xffff) + ", segment 0x"
                    + Integer.toHexString(b.getShort(BLOCKLIST + 10) & 0xffff) + ")");
        }
        b.putLong(BLOCKLIST, coreSector + 1);
        return c;
    }

    /** A GRUB image for the platform of {@code modules} (i386-pc, x86_64-efi) with {@link #MODULES}, and {@code extra}. */
    private static void mkimage(Path mkimage, Path modules, String prefix, List<String> extra, Path out,
                                PrintWriter err) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(mkimage.toString(), "-O", modules.getFileName().toString(),
                "-d", modules.toString(), "-p", prefix, "-o", out.toString()));
        cmd.addAll(MODULES);
        cmd.addAll(extra);
        Tool.run(cmd, out.getParent(), Map.of()).check(err);
    }

    private static long treeSize(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            long sum = 0;
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                sum += Files.size(p);
            }
            return sum;
        }
    }
}
