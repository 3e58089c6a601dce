package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** egg pack --format raw: GRUB's BIOS boot code patched as grub-bios-setup does, the layout, the format rule, QEMU's drive. */
class RawDiskTest {
    @TempDir
    Path dir;

    /** A boot.img as GRUB 2.06 ships it, where egg looks: the jump at 0x66, the signature. */
    private static byte[] fakeBootImg() {
        byte[] b = new byte[512];
        Arrays.fill(b, (byte) 0x11);
        b[0x66] = (byte) 0xEB;
        b[0x67] = 0x05;
        b[510] = 0x55;
        b[511] = (byte) 0xAA;
        return b;
    }

    /** A core.img of diskboot.img and {@code sectors} more sectors, as grub-mkimage leaves it. */
    private static byte[] fakeCoreImg(int sectors) {
        byte[] c = new byte[512 + sectors * 512 - 100];
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x1f4, 2);
        b.putShort(0x1fc, (short) sectors);
        b.putShort(0x1fe, (short) 0x820);
        return c;
    }

    @Test
    void bootSectorLoadsTheCoreImageFromItsSector() {
        byte[] in = fakeBootImg();
        byte[] out = RawDisk.bootSector(in, 2048);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2048, b.getLong(0x5c));
        assertEquals((byte) 0x90, out[0x66]);
        assertEquals((byte) 0x90, out[0x67]);
        for (int i = 0; i < 512; i++) {
            if ((i < 0x5c || i >= 0x64) && i != 0x66 && i != 0x67) {
                assertEquals(in[i], out[i], "byte " + i);
            }
        }
        byte[] wrong = fakeBootImg();
        wrong[0x66] = 0;
        assertThrows(EggException.class, () -> RawDisk.bootSector(wrong, 2048));
        assertThrows(EggException.class, () -> RawDisk.bootSector(new byte[440], 2048));
    }

    @Test
    void coreImageReadsItsOtherSectorsFromTheNextOne() {
        byte[] out = RawDisk.coreImage(fakeCoreImg(7), 2048);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2049, b.getLong(0x1f4));
        assertEquals(7, b.getShort(0x1fc));
        assertEquals(0x820, b.getShort(0x1fe));
        byte[] shorter = fakeCoreImg(7);
        shorter[0x1fc] = 6;
        assertThrows(EggException.class, () -> RawDisk.coreImage(shorter, 2048), "a length not the image's");
        byte[] segment = fakeCoreImg(7);
        segment[0x1fe] = 0;
        assertThrows(EggException.class, () -> RawDisk.coreImage(segment, 2048), "another load address");
        assertThrows(EggException.class, () -> RawDisk.coreImage(new byte[512], 2048));
    }

    /** GRUB's tools and mtools, installed as egg pack does (as root), or an error naming the apt-get line. */
    private static void requireGrub() {
        Grub.locate(Grub.RAW, new PrintWriter(System.err, true));
    }

    @Test
    void realBootImgIsTheOneEggKnows() throws Exception {
        Path boot = Grub.BIOS_MODULES.resolve("boot.img");
        requireGrub();
        byte[] out = RawDisk.bootSector(Files.readAllBytes(boot), 2048);
        assertEquals(2048, ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(0x5c));
    }

    @Test
    void espHasRoomToSpareInWholeMiB() {
        for (long bytes : new long[] {0, 1, 3 << 20, 70L << 20, 1L << 30}) {
            long sectors = RawDisk.espSectors(bytes);
            assertEquals(0, sectors % 2048, "whole MiB");
            assertTrue(sectors * 512 >= bytes + (2 << 20), bytes + " -> " + sectors);
            assertTrue(sectors * 512 <= bytes + bytes / 8 + (3 << 20), bytes + " -> " + sectors);
        }
        Gpt gpt = RawDisk.layout(RawDisk.espSectors(5 << 20), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID());
        assertEquals(List.of(2048L, 4096L), gpt.partitions().stream().map(Gpt.Partition::first).toList());
        assertTrue(gpt.lastUsable() >= gpt.partitions().get(1).last());
        assertEquals(0, gpt.sectors() % 2048);
    }

    @Test
    void formatIsToldByTheOutputsExtension() {
        assertEquals(PackCommand.Format.ISO, PackCommand.format(null, null));
        assertEquals(PackCommand.Format.ISO, PackCommand.format(null, Path.of("x.iso")));
        assertEquals(PackCommand.Format.ISO, PackCommand.format(null, Path.of("x.bin")));
        assertEquals(PackCommand.Format.RAW, PackCommand.format(null, Path.of("d/x.img")));
        assertEquals(PackCommand.Format.RAW, PackCommand.format(null, Path.of("X.RAW")));
        assertEquals(PackCommand.Format.RAW, PackCommand.format(PackCommand.Format.RAW, null));
        assertEquals(PackCommand.Format.RAW, PackCommand.format(PackCommand.Format.RAW, Path.of("x.bin")));
        assertEquals(PackCommand.Format.ISO, PackCommand.format(PackCommand.Format.ISO, Path.of("x.iso")));
        EggException e = assertThrows(EggException.class,
                () -> PackCommand.format(PackCommand.Format.RAW, Path.of("x.iso")));
        assertEquals(ExitCodes.FAILED, e.status());
        assertTrue(e.getMessage().contains("name it X.img"), e.getMessage());
        assertThrows(EggException.class, () -> PackCommand.format(PackCommand.Format.ISO, Path.of("x.img")));
    }

    @Test
    void imagesAreToldByTheirContent() throws Exception {
        Path disk = dir.resolve("a,b.bin");
        Gpt gpt = RawDisk.layout(2048, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            gpt.write(ch, new byte[0]);
        }
        Path other = Files.write(dir.resolve("x.img"), new byte[4096]);
        assertTrue(RawDisk.isDisk(disk));
        assertFalse(RawDisk.isDisk(other));
        assertFalse(RawDisk.isDisk(dir));
        assertEquals(Optional.of(new BootMedium(disk, BootMedium.Kind.DISK)), BootMedium.of(disk));
        assertEquals(Optional.empty(), BootMedium.of(other));

        // A disk never written to, on virtio-blk (SeaBIOS and OVMF boot it); a comma in its name doubled.
        QemuConfig c = new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, null, null, null);
        String line = String.join(" ", Qemu.command("qemu", c,
                new PcOptions(new BootMedium(Path.of("/i/a,b.img"), BootMedium.Kind.DISK), null, false, null)));
        assertTrue(line.contains("-drive file=/i/a,,b.img,format=raw,if=virtio,readonly=on"), line);
        assertTrue(line.contains("-vga std"), line);
        assertFalse(line.contains("-cdrom") || line.contains("-kernel") || line.contains("pflash"), line);
    }

    @Test
    void packedImagesTakeNoProgramOptions() throws Exception {
        Path disk = dir.resolve("x.img");
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            RawDisk.layout(2048, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()).write(ch, new byte[0]);
        }
        Cli.Result args = Cli.egg("run", disk.toString(), "--", "arg");
        assertEquals(ExitCodes.FAILED, args.status(), args.err());
        assertTrue(args.err().contains("give them to `egg pack`"), args.err());
        Cli.Result kernel = Cli.egg("run", "--kernel-arg", "x", disk.toString());
        assertEquals(ExitCodes.FAILED, kernel.status(), kernel.err());
        Cli.Result pack = Cli.egg("pack", "--format", "raw", "-o", dir.resolve("y.iso").toString(), disk.toString());
        assertEquals(ExitCodes.FAILED, pack.status(), pack.err());
        assertTrue(pack.err().contains("--format raw with -o"), pack.err());
    }

    /**
     * With GRUB's tools installed: a disk of a fake kernel and initramfs, its EFI system partition
     * read back with mtools.
     */
    @Test
    void packWritesGrubAndTheImage() throws Exception {
        requireGrub();
        Path image = Files.createDirectories(dir.resolve("image"));
        ImageFiles files = new ImageFiles(image, Files.writeString(image.resolve("kernel.elf"), "kernel"),
                Files.writeString(image.resolve("initramfs.cpio"), "initramfs"));
        Path disk = dir.resolve("x.img");
        Path work = Files.createDirectories(dir.resolve("work"));
        StringWriter err = new StringWriter();
        long size = RawDisk.pack(Host.which(Grub.MKIMAGE).orElseThrow(), files, "quiet a=b", disk, work,
                new PrintWriter(err, true));
        assertEquals(Files.size(disk), size);
        assertTrue(RawDisk.isDisk(disk));
        byte[] head = Arrays.copyOf(Files.readAllBytes(disk), 3 << 20);
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2048, b.getLong(0x5c), "boot.img loads the core image from sector 2048");
        assertEquals(2049, b.getLong(2048 * 512 + 0x1f4), "the core image's block list");
        assertEquals("EGGOS", new String(head, 4096 * 512 + 0x2b, 5, StandardCharsets.US_ASCII), "FAT label");

        String esp = disk + "@@" + (4096 * 512);
        String listing = mtools("mdir", "-i", esp, "-b", "-/", "::");
        for (String f : List.of("::/EFI/BOOT/BOOTX64.EFI", "::/boot/eggos.elf", "::/boot/initramfs.cpio",
                "::/boot/grub/grub.cfg")) {
            assertTrue(listing.lines().anyMatch(l -> l.equals(f)), f + " in\n" + listing);
        }
        assertEquals(Iso.grubConfig("quiet a=b"), mtools("mtype", "-i", esp, "::/boot/grub/grub.cfg"));
        assertEquals("initramfs", mtools("mtype", "-i", esp, "::/boot/initramfs.cpio"));
        assertEquals("kernel", mtools("mtype", "-i", esp, "::/boot/eggos.elf"));
    }

    /** What an mtools command prints. */
    private String mtools(String... command) throws Exception {
        Tool.Result r = Tool.run(List.of(command), dir, Map.of("MTOOLS_SKIP_CHECK", "1"));
        assertEquals(0, r.status(), r.err());
        return r.out();
    }
}
