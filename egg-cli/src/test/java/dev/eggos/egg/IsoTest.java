package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoTest {
    @TempDir
    Path dir;

    @Test
    void grubBootsTheKernelByMultiboot2() {
        String cfg = Iso.grubConfig("quiet ip=dhcp");
        assertTrue(cfg.contains("    multiboot2 /boot/eggos.elf quiet ip=dhcp\n"), cfg);
        assertTrue(cfg.contains("    module2 /boot/initramfs.cpio\n"), cfg);
        assertTrue(cfg.contains("terminal_output console\n"), cfg);
        assertTrue(cfg.contains("set timeout=0\n"), cfg);
    }

    @Test
    void isoIsKnownByItsVolumeDescriptor() throws Exception {
        Path iso = dir.resolve("x.iso"), other = dir.resolve("x.bin");
        byte[] b = new byte[0x9000];
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, b, 0x8001, 5);
        Files.write(iso, b);
        Files.write(other, new byte[0x9000]);
        assertTrue(Iso.isIso(iso));
        assertFalse(Iso.isIso(other));
        assertFalse(Iso.isIso(dir));
        assertFalse(Iso.isIso(dir.resolve("missing.iso")));
    }

    @Test
    void qemuBootsAnIsoWithFirmware() {
        QemuConfig c = new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, null, null, null);
        Ovmf fw = new Ovmf(Path.of("/fw/CODE.fd"), Path.of("/run/VARS.fd"));
        List<String> cmd = Qemu.command("qemu", c, new PcOptions(new BootMedium(Path.of("/x.iso"), BootMedium.Kind.CDROM), fw, false, Path.of("/q.sock")));
        String line = String.join(" ", cmd);
        assertTrue(line.contains("-vga std -display none"), line);
        assertTrue(line.contains("-drive if=pflash,format=raw,readonly=on,file=/fw/CODE.fd"
                + " -drive if=pflash,format=raw,file=/run/VARS.fd -cdrom /x.iso"), line);
        assertTrue(line.contains("-qmp unix:/q.sock,server=on,wait=off"), line);
        assertFalse(line.contains("-kernel"), line);
        assertTrue(line.contains("-serial chardev:con") && line.contains("isa-debug-exit"), line);
    }

    @Test
    void plainRunsGetTheScreenOnlyWithGraphic() {
        QemuConfig c = new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, Path.of("/k"), Path.of("/i"), "quiet");
        assertFalse(String.join(" ", Qemu.command("qemu", c)).contains("-vga"));
        String g = String.join(" ", Qemu.command("qemu", c, PcOptions.screen(true, null)));
        assertTrue(g.contains("-vga std"), g);
        assertTrue(g.contains("-kernel /k"), g);
    }

    @Test
    void bootMarkDropsFirmwareOutput() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BootMark.Filter f = new BootMark.Filter(out)) {
            f.write("\033[2JBdsDxe: loading\r\nWelcome to GRUB!\033[0".getBytes(StandardCharsets.UTF_8));
            f.write(("m\033]0;eggos\007hello").getBytes(StandardCharsets.UTF_8));
            f.write(" eggos\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("hello eggos\n", out.toString(StandardCharsets.UTF_8));

        // No mark: the kernel never started; everything is shown.
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (BootMark.Filter f = new BootMark.Filter(all)) {
            f.write("error: file not found\n".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals("error: file not found\n".getBytes(StandardCharsets.UTF_8), all.toByteArray());
    }
}
