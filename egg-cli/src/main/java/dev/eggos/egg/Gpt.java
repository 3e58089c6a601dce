package dev.eggos.egg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A GUID partition table (UEFI 2.10, chapter 5) for a disk image of 512-byte sectors: the
 * protective MBR in sector 0, the primary header in sector 1 and its 128 entries in sectors 2 to
 * 33, and their backup at the end of the disk (entries, then the header in the last sector).
 *
 * @param sectors    the disk's size in sectors
 * @param diskId     the disk's GUID
 * @param partitions at most 128, within the usable sectors, in entry order
 */
public record Gpt(long sectors, UUID diskId, List<Partition> partitions) {
    public static final int SECTOR = 512;
    /** A partition GRUB's BIOS core image lives in (grub-install embeds it there on GPT disks). */
    public static final UUID BIOS_BOOT = UUID.fromString("21686148-6449-6E6F-744E-656564454649");
    /** The EFI system partition: FAT, with EFI/BOOT/BOOTX64.EFI on removable media. */
    public static final UUID EFI_SYSTEM = UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    public static final int ENTRIES = 128;
    public static final int ENTRY_SIZE = 128;
    public static final int HEADER_SIZE = 92;
    /** Sectors of the entry array: 128 entries of 128 bytes. */
    public static final int ENTRY_SECTORS = ENTRIES * ENTRY_SIZE / SECTOR;
    /** The first sector a partition may use: after the MBR, the header and the entries. */
    public static final long FIRST_USABLE = 2 + ENTRY_SECTORS;
    private static final int NAME_CHARS = 36;

    /**
     * One partition.
     *
     * @param first its first sector
     * @param last  its last sector (inclusive)
     * @param name  up to 36 UTF-16 code units
     */
    public record Partition(UUID type, UUID id, long first, long last, String name) {
        public Partition {
            if (first > last || name.length() > NAME_CHARS) {
                throw new IllegalArgumentException("bad partition " + name + ": " + first + ".." + last);
            }
        }
    }

    public Gpt {
        partitions = List.copyOf(partitions);
        if (partitions.size() > ENTRIES || sectors < 2 * FIRST_USABLE) {
            throw new IllegalArgumentException("a GPT of " + sectors + " sectors, " + partitions.size()
                    + " partitions");
        }
        long lastUsable = lastUsable(sectors);
        for (Partition p : partitions) {
            if (p.first() < FIRST_USABLE || p.last() > lastUsable) {
                throw new IllegalArgumentException(p.name() + " (" + p.first() + ".." + p.last()
                        + ") is outside the usable sectors " + FIRST_USABLE + ".." + lastUsable);
            }
        }
    }

    /** The last sector a partition may use: before the backup entries and header. */
    public long lastUsable() {
        return lastUsable(sectors);
    }

    private static long lastUsable(long sectors) {
        return sectors - 2 - ENTRY_SECTORS;
    }

    /**
     * Sector 0: {@code bootCode}'s first 440 bytes (an MBR boot program, or zeros), then one
     * partition of type 0xEE over the whole disk, so that MBR-only tools see the disk as used.
     */
    public byte[] protectiveMbr(byte[] bootCode) {
        ByteBuffer b = sector();
        b.put(bootCode, 0, Math.min(bootCode.length, 440));
        b.position(446);
        b.put((byte) 0x00);                                 // not active (UEFI: must be 0)
        b.put(new byte[] {0x00, 0x02, 0x00});               // CHS of sector 1
        b.put((byte) 0xEE);                                 // GPT protective
        b.put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        b.putInt(1);
        b.putInt((int) Math.min(sectors - 1, 0xFFFF_FFFFL));
        b.putShort(510, (short) 0xAA55);
        return b.array();
    }

    /** The entry array (the same at both ends of the disk). */
    public byte[] entries() {
        ByteBuffer b = ByteBuffer.allocate(ENTRIES * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            b.position(i * ENTRY_SIZE);
            b.put(guid(p.type()));
            b.put(guid(p.id()));
            b.putLong(p.first());
            b.putLong(p.last());
            b.putLong(0);                                   // attributes
            b.put(p.name().getBytes(StandardCharsets.UTF_16LE));
        }
        return b.array();
    }

    /** The primary header (in sector 1) or the backup (in the last sector). */
    public byte[] header(boolean primary) {
        long mine = primary ? 1 : sectors - 1;
        long other = primary ? sectors - 1 : 1;
        long entriesAt = primary ? 2 : sectors - 1 - ENTRY_SECTORS;
        ByteBuffer b = sector();
        b.put("EFI PART".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x0001_0000);                              // revision 1.0
        b.putInt(HEADER_SIZE);
        b.putInt(0);                                        // its CRC32, below
        b.putInt(0);
        b.putLong(mine);
        b.putLong(other);
        b.putLong(FIRST_USABLE);
        b.putLong(lastUsable());
        b.put(guid(diskId));
        b.putLong(entriesAt);
        b.putInt(ENTRIES);
        b.putInt(ENTRY_SIZE);
        b.putInt((int) crc32(entries(), 0, ENTRIES * ENTRY_SIZE));
        b.putInt(16, (int) crc32(b.array(), 0, HEADER_SIZE));
        return b.array();
    }

    /** Writes the protective MBR and both tables into {@code disk}, which has {@link #sectors()} sectors. */
    public void write(FileChannel disk, byte[] bootCode) throws IOException {
        byte[] entries = entries();
        writeAt(disk, 0, protectiveMbr(bootCode));
        writeAt(disk, 1, header(true));
        writeAt(disk, 2, entries);
        writeAt(disk, sectors - 1 - ENTRY_SECTORS, entries);
        writeAt(disk, sectors - 1, header(false));
    }

    /** A GUID as GPT stores it: the first three fields little-endian, the last eight bytes as written. */
    public static byte[] guid(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long msb = id.getMostSignificantBits();
        b.putInt((int) (msb >>> 32));
        b.putShort((short) (msb >>> 16));
        b.putShort((short) msb);
        b.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
        return b.array();
    }

    public static long crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    static void writeAt(FileChannel disk, long sector, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long at = sector * SECTOR;
        while (b.hasRemaining()) {
            at += disk.write(b, at);
        }
    }

    private static ByteBuffer sector() {
        return ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    }
}
