package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuTest {
    private static final Path K = Path.of("/img/kernel.elf");
    private static final Path I = Path.of("/img/initramfs.cpio");

    @Test
    void pcWithTcg() {
        QemuConfig c = new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, K, I, "quiet");
        assertEquals(List.of("qemu-system-x86_64",
                "-machine", "pc", "-accel", "tcg", "-cpu", "max", "-m", "512M", "-smp", "1",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", "/img/kernel.elf", "-initrd", "/img/initramfs.cpio", "-append", "quiet",
                "-chardev", ConsoleInput.chardev(ConsoleInput.stdinIsTerminal()), "-serial", "chardev:con",
                "-chardev", "file,id=log,path=/dev/stderr", "-serial", "chardev:log",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-device", "virtio-rng-pci,disable-legacy=on"), Qemu.command("qemu-system-x86_64", c));
    }

    @Test
    void cpuModel() {
        assertEquals("max", Qemu.cpuModel(Accel.TCG, null));
        assertEquals("host", Qemu.cpuModel(Accel.KVM, " "));
        assertEquals("qemu64", Qemu.cpuModel(Accel.TCG, "qemu64"));
    }

    @Test
    void microvmWithKvm() {
        QemuConfig c = new QemuConfig(Machine.MICROVM, Accel.KVM, "2g", 4, K, I, "quiet trace=syscalls");
        List<String> cmd = Qemu.command("/usr/bin/qemu-system-x86_64", c);
        assertEquals("/usr/bin/qemu-system-x86_64", cmd.get(0));
        assertEquals(List.of("-machine", "microvm", "-accel", "kvm", "-cpu", "host", "-m", "2G", "-smp", "4"),
                cmd.subList(1, 11));
        assertEquals("quiet trace=syscalls", cmd.get(cmd.indexOf("-append") + 1));
        assertEquals(List.of("-chardev", ConsoleInput.chardev(ConsoleInput.stdinIsTerminal()), "-serial", "chardev:con",
                "-chardev", "file,id=log,path=/dev/stderr", "-device", "isa-serial,chardev=log,iobase=0x2f8,irq=3",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"), cmd.subList(cmd.size() - 10, cmd.size()));
    }

    @Test
    void kernelPerMachine() {
        assertEquals(Kernel.RESOURCE, Kernel.resourceFor(Machine.PC));
        boolean pvh = Kernel.class.getResource(Kernel.PVH_RESOURCE) != null;
        assertEquals(pvh ? Kernel.PVH_RESOURCE : Kernel.RESOURCE, Kernel.resourceFor(Machine.MICROVM));
    }

    @Test
    void configChecks() {
        assertThrows(IllegalArgumentException.class, () -> new QemuConfig(Machine.PC, Accel.AUTO, "512M", 1, K, I, ""));
        assertThrows(EggException.class, () -> new QemuConfig(Machine.PC, Accel.TCG, "0", 1, K, I, ""));
        assertThrows(EggException.class, () -> new QemuConfig(Machine.PC, Accel.TCG, "1.5G", 1, K, I, ""));
        assertThrows(EggException.class, () -> new QemuConfig(Machine.PC, Accel.TCG, "512M", 0, K, I, ""));
        assertThrows(EggException.class, () -> new QemuConfig(Machine.PC, Accel.TCG, "512M", 256, K, I, ""));
        assertEquals("1024", QemuConfig.checkMemory("1024"));
    }

    @Test
    void accelChoice() {
        Accel.Facts full = new Accel.Facts(true, true);
        Accel.Facts nested = new Accel.Facts(true, false);
        Accel.Facts none = new Accel.Facts(false, true);
        assertEquals(Accel.KVM, Accel.AUTO.resolve(full));
        assertEquals(Accel.TCG, Accel.AUTO.resolve(nested));
        assertEquals(Accel.TCG, Accel.AUTO.resolve(none));
        assertEquals(Accel.TCG, Accel.TCG.resolve(full));
        assertEquals(Accel.KVM, Accel.KVM.resolve(nested));
        EggException e = assertThrows(EggException.class, () -> Accel.KVM.resolve(none));
        assertTrue(e.getMessage().contains("--accel tcg"));
        assertTrue(Accel.explain(nested).startsWith("tcg"));
        assertEquals("kvm", Accel.explain(full));
    }

    @Test
    void accelProbe(@TempDir Path dir) throws IOException {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Path vmx = Files.writeString(dir.resolve("cpuinfo"),
                "processor\t: 0\nflags\t\t: fpu vme de pse vmx sse2\n\nprocessor\t: 1\n");
        Path plain = Files.writeString(dir.resolve("cpuinfo2"), "flags\t\t: fpu vme svmx sse2 hypervisor\n");
        assertEquals(new Accel.Facts(true, true), Accel.Facts.probe(kvm, vmx));
        assertEquals(new Accel.Facts(true, false), Accel.Facts.probe(kvm, plain));
        assertEquals(new Accel.Facts(false, false), Accel.Facts.probe(dir.resolve("none"), dir.resolve("none")));
        assertTrue(Accel.Facts.hasVirtualizationFlag(List.of("flags : svm")));
        assertFalse(Accel.Facts.hasVirtualizationFlag(List.of("model name : vmx", "flags : sse")));
    }
}
