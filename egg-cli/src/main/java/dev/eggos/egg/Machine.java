package dev.eggos.egg;

import java.util.Locale;

/** QEMU's machine type: the classic PC (boots the kernel by Multiboot) or microvm (by PVH). */
public enum Machine {
    PC, MICROVM;

    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
