package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPT writer, read back by hand as the UEFI specification lays it out. The pinned CRCs are
 * those of the same disk (the same GUIDs), which {@code sgdisk -v} (gdisk 1.0.9) found without
 * problems, and {@code sfdisk -d} listed with these GUIDs, sectors and names.
 */
class GptTest {
    private static final UUID DISK = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID BIOS = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final UUID ESP = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
    private static final int S = Gpt.SECTOR;

    @TempDir
    Path dir;

    @Test
    void guidsAreMixedEndianAsTheSpecificationSays() {
        // The specification's example: the EFI system partition's type C12A7328-F81F-11D2-BA4B-00A0C93EC93B.
        assertEquals("28732ac11ff8d211ba4b00a0c93ec93b", HexFormat.of().formatHex(Gpt.guid(Gpt.EFI_SYSTEM)));
        assertEquals("4861682149646f6e744e656564454649", HexFormat.of().formatHex(Gpt.guid(Gpt.BIOS_BOOT)));
    }

    @Test
    void crcIsIeee() {
        assertEquals(0xCBF43926L, Gpt.crc32("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void diskReadsBackAsTheSpecificationLaysItOut() throws Exception {
        // 1 MiB, a BIOS boot partition of 1 MiB, an EFI system partition of 6 MiB, 1 MiB.
        long n = 18432;
        Gpt gpt = new Gpt(n, DISK, List.of(
                new Gpt.Partition(Gpt.BIOS_BOOT, BIOS, 2048, 4095, "BIOS boot partition"),
                new Gpt.Partition(Gpt.EFI_SYSTEM, ESP, 4096, 16383, "EFI system partition")));
        byte[] code = new byte[S];
        Arrays.fill(code, (byte) 0x5A);
        Path file = dir.resolve("disk.img");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            gpt.write(ch, code);
        }
        byte[] disk = Files.readAllBytes(file);
        assertEquals(n * S, disk.length);

        // The protective MBR: the boot code's 440 bytes, then one 0xEE partition from sector 1 to the end.
        ByteBuffer mbr = le(disk, 0, S);
        assertArrayEquals(Arrays.copyOf(code, 440), Arrays.copyOf(disk, 440));
        assertArrayEquals(new byte[6], Arrays.copyOfRange(disk, 440, 446));
        assertEquals(0x00, disk[446]);
        assertEquals((byte) 0xEE, disk[450]);
        assertEquals(1, mbr.getInt(454));
        assertEquals(n - 1, mbr.getInt(458));
        assertArrayEquals(new byte[48], Arrays.copyOfRange(disk, 462, 510), "the other three MBR entries");
        assertEquals((short) 0xAA55, mbr.getShort(510));

        ByteBuffer primary = le(disk, S, S);
        ByteBuffer backup = le(disk, (int) (n - 1) * S, S);
        checkHeader(disk, primary, 1, n - 1, 2, n);
        checkHeader(disk, backup, n - 1, 1, n - 33, n);
        assertArrayEquals(Arrays.copyOfRange(disk, 2 * S, 34 * S),
                Arrays.copyOfRange(disk, (int) (n - 33) * S, (int) (n - 1) * S), "backup entries");
        // The disk sgdisk checked.
        assertEquals(0xF51FEF7C, primary.getInt(88), "entries CRC");
        assertEquals(0x15F80491, primary.getInt(16), "primary header CRC");
        assertEquals(0xEB496E11, backup.getInt(16), "backup header CRC");

        ByteBuffer entries = le(disk, 2 * S, 128 * 128);
        checkEntry(entries, 0, Gpt.BIOS_BOOT, BIOS, 2048, 4095, "BIOS boot partition");
        checkEntry(entries, 1, Gpt.EFI_SYSTEM, ESP, 4096, 16383, "EFI system partition");
        assertArrayEquals(new byte[126 * 128], Arrays.copyOfRange(disk, 2 * S + 2 * 128, 34 * S),
                "unused entries are zero");
    }

    private static void checkHeader(byte[] disk, ByteBuffer h, long mine, long other, long entriesAt, long n) {
        assertEquals("EFI PART", new String(disk, h.arrayOffset(), 8, StandardCharsets.US_ASCII));
        assertEquals(0x00010000, h.getInt(8), "revision");
        assertEquals(92, h.getInt(12), "header size");
        assertEquals(0, h.getInt(20));
        assertEquals(mine, h.getLong(24));
        assertEquals(other, h.getLong(32));
        assertEquals(34, h.getLong(40), "first usable");
        assertEquals(n - 34, h.getLong(48), "last usable");
        assertArrayEquals(Gpt.guid(DISK), Arrays.copyOfRange(disk, h.arrayOffset() + 56, h.arrayOffset() + 72));
        assertEquals(entriesAt, h.getLong(72));
        assertEquals(128, h.getInt(80));
        assertEquals(128, h.getInt(84));
        int at = (int) entriesAt * S;
        assertEquals((int) Gpt.crc32(disk, at, 128 * 128), h.getInt(88), "entries CRC");
        byte[] header = Arrays.copyOfRange(disk, h.arrayOffset(), h.arrayOffset() + 92);
        Arrays.fill(header, 16, 20, (byte) 0);
        assertEquals((int) Gpt.crc32(header, 0, 92), h.getInt(16), "header CRC");
        assertArrayEquals(new byte[S - 92], Arrays.copyOfRange(disk, h.arrayOffset() + 92, h.arrayOffset() + S));
    }

    private static void checkEntry(ByteBuffer e, int i, UUID type, UUID id, long first, long last, String name) {
        byte[] b = new byte[128];
        e.get(i * 128, b);
        assertArrayEquals(Gpt.guid(type), Arrays.copyOfRange(b, 0, 16));
        assertArrayEquals(Gpt.guid(id), Arrays.copyOfRange(b, 16, 32));
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(first, le.getLong(32));
        assertEquals(last, le.getLong(40));
        assertEquals(0, le.getLong(48), "attributes");
        assertEquals(name, new String(b, 56, 72, StandardCharsets.UTF_16LE).replace("\0", ""));
    }

    @Test
    void bigDisksSaturateTheProtectiveEntry() {
        long threeTiB = 3L << 40 >> 9;
        Gpt gpt = new Gpt(threeTiB, DISK, List.of());
        ByteBuffer mbr = ByteBuffer.wrap(gpt.protectiveMbr(new byte[0])).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xFFFFFFFF, mbr.getInt(458));
    }

    @Test
    void partitionsStayInTheUsableSectors() {
        assertThrows(IllegalArgumentException.class, () -> new Gpt(1000, DISK,
                List.of(new Gpt.Partition(Gpt.EFI_SYSTEM, ESP, 33, 100, "x"))));
        assertThrows(IllegalArgumentException.class, () -> new Gpt(1000, DISK,
                List.of(new Gpt.Partition(Gpt.EFI_SYSTEM, ESP, 34, 967, "x"))));
        new Gpt(1000, DISK, List.of(new Gpt.Partition(Gpt.EFI_SYSTEM, ESP, 34, 966, "x")));
        assertThrows(IllegalArgumentException.class, () -> new Gpt.Partition(Gpt.EFI_SYSTEM, ESP, 10, 9, "x"));
    }

    private static ByteBuffer le(byte[] b, int offset, int length) {
        return ByteBuffer.wrap(b, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
