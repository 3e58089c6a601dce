package dev.eggos.egg;

import java.nio.file.Path;

/**
 * What a run adds to QEMU's pc machine beyond {@link QemuConfig}: the screen, firmware booting an
 * image of egg pack, and a QMP socket.
 *
 * @param boot    an ISO or disk image the firmware boots (GRUB inside) instead of QEMU's -kernel; or null
 * @param uefi    UEFI firmware (OVMF code, and this run's copy of its variables) for it; null: BIOS
 * @param graphic a screen: the VGA device (-vga std), in a window when the host has a display
 * @param qmp     a QMP control socket for scripts (screendump, quit), or null
 */
public record PcOptions(BootMedium boot, Ovmf uefi, boolean graphic, Path qmp) {
    public static final PcOptions NONE = new PcOptions(null, null, false, null);

    /** A kernel booted by QEMU itself, with or without a screen. */
    public static PcOptions screen(boolean graphic, Path qmp) {
        return new PcOptions(null, null, graphic, qmp);
    }
}
