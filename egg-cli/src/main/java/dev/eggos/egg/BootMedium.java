package dev.eggos.egg;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An image that {@code egg pack} made, as a PC's firmware boots it: an ISO from the CD drive, or a
 * raw disk image from a hard disk.
 */
public record BootMedium(Path file, Kind kind) {
    public enum Kind {
        /** An ISO 9660 image (see {@link Iso}). */
        CDROM,
        /** A raw GPT disk image (see {@link RawDisk}). */
        DISK
    }

    /** What {@code file} is, told by its content; empty for anything else (a program to build). */
    public static Optional<BootMedium> of(Path file) {
        if (Iso.isIso(file)) {
            return Optional.of(new BootMedium(file, Kind.CDROM));
        }
        if (RawDisk.isDisk(file)) {
            return Optional.of(new BootMedium(file, Kind.DISK));
        }
        return Optional.empty();
    }

    /**
     * QEMU's options for it. The disk is an IDE hard disk, which SeaBIOS and OVMF both boot,
     * opened with snapshot=on: the guest's writes would go to a temporary file, never to the
     * image.
     */
    public List<String> qemuOptions() {
        if (kind == Kind.CDROM) {
            return List.of("-cdrom", file.toString());
        }
        // QEMU's option syntax: a comma in a value is written twice.
        return List.of("-drive", "file=" + file.toString().replace(",", ",,") + ",format=raw,if=virtio,readonly=on");
    }
}
