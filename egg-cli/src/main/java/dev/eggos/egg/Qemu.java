package dev.eggos.egg;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's command line for an eggos image, and finding (or installing) QEMU.
 *
 * <p>The guest has two serial ports. COM1 is the program's console, on QEMU's stdin and
 * stdout (egg's own stdin when it is a terminal, else a pipe from egg: see
 * {@link ConsoleInput}). COM2 is the kernel's log, written to QEMU's stderr, which egg reads (see
 * {@link KernelLog}); on microvm, which makes only one port from -serial, COM2 is an explicit
 * isa-serial device at 0x2f8, IRQ 3. {@code isa-debug-exit} at port 0xf4 lets the kernel end QEMU.
 * On pc the guest has a virtio-rng device (the host's /dev/urandom), which seeds the kernel's
 * random numbers with RDRAND and timing jitter; microvm has no PCI bus for it.
 *
 * <p>The CPU model is {@code max} under TCG and {@code host} under KVM; the environment variable
 * {@value #CPU_ENV} names another (like {@code qemu64}, which lacks RDRAND), for tests.
 */
public final class Qemu {
    public static final String BINARY = "qemu-system-x86_64";
    public static final List<String> PACKAGES = List.of("qemu-system-x86");
    public static final String CPU_ENV = "EGG_QEMU_CPU";

    private Qemu() {
    }

    public static List<String> command(String binary, QemuConfig c) {
        return command(binary, c, PcOptions.NONE);
    }

    /** With a screen, an image booted by firmware or a QMP socket (see {@link PcOptions}). */
    public static List<String> command(String binary, QemuConfig c, PcOptions pc) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        add(cmd, "-machine", c.machine().qemuName());
        add(cmd, "-accel", c.accel().qemuName());
        add(cmd, "-cpu", cpuModel(c.accel(), System.getenv(CPU_ENV)));
        add(cmd, "-m", c.memory());
        add(cmd, "-smp", Integer.toString(c.cpus()));
        cmd.add("-nodefaults");
        cmd.add("-no-user-config");
        screen(cmd, pc);
        cmd.add("-no-reboot");
        if (pc.boot() == null) {
            add(cmd, "-kernel", c.kernel().toString());
            add(cmd, "-initrd", c.initrd().toString());
            add(cmd, "-append", c.cmdline());
        } else {
            firmware(cmd, pc);
        }
        if (pc.qmp() != null) {
            add(cmd, "-qmp", "unix:" + pc.qmp() + ",server=on,wait=off");
        }
        add(cmd, "-chardev", ConsoleInput.chardev(ConsoleInput.stdinIsTerminal()));
        add(cmd, "-serial", "chardev:con");
        add(cmd, "-chardev", "file,id=log,path=/dev/stderr");
        if (c.machine() == Machine.MICROVM) {
            // microvm makes only the first -serial port: add COM2 by hand.
            add(cmd, "-device", "isa-serial,chardev=log,iobase=0x2f8,irq=3");
        } else {
            add(cmd, "-serial", "chardev:log");
        }
        add(cmd, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        if (c.machine() == Machine.PC) {
            add(cmd, "-device", "virtio-rng-pci,disable-legacy=on");
        }
        if (c.network().hasCard()) {
            add(cmd, "-netdev", c.network().netdev(System.getenv(Network.NETDEV_ENV)));
            add(cmd, "-device", c.network().device());
        }
        return cmd;
    }

    /** QEMU's -cpu: the model asked for, else the fullest one of the accelerator. */
    static String cpuModel(Accel accel, String asked) {
        if (asked != null && !asked.isBlank()) {
            return asked.trim();
        }
        return accel == Accel.KVM ? "host" : "max";
    }

    /**
     * The VGA (Bochs/QEMU, which GRUB and the kernel drive) for --graphic and for every image the
     * firmware boots, as on a PC; a window only with --graphic on a host with a display. Headless
     * otherwise: the screen is still there for QMP's screendump.
     */
    private static void screen(List<String> cmd, PcOptions c) {
        if (c.graphic() || c.boot() != null) {
            add(cmd, "-vga", "std");
        }
        if (!c.graphic() || !hasDisplay()) {
            add(cmd, "-display", "none");
        }
    }

    /** Whether the host has a desktop QEMU can open a window on. */
    public static boolean hasDisplay() {
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** An ISO on the CD drive or a disk image on a hard disk; SeaBIOS boots it, or OVMF for UEFI. */
    private static void firmware(List<String> cmd, PcOptions c) {
        if (c.uefi() != null) {
            add(cmd, "-drive", "if=pflash,format=raw,readonly=on,file=" + c.uefi().code());
            add(cmd, "-drive", "if=pflash,format=raw,file=" + c.uefi().vars());
        }
        cmd.addAll(c.boot().qemuOptions());
    }

    private static void add(List<String> cmd, String option, String value) {
        cmd.add(option);
        cmd.add(value);
    }

    /**
     * The QEMU executable. When it is missing: as root on Debian, installs it (apt-get's
     * output on stderr); elsewhere fails with the command to type.
     */
    public static Path locate(PrintWriter err) {
        Optional<Path> found = Host.which(BINARY);
        if (found.isPresent()) {
            return found.get();
        }
        String hint = "QEMU is missing: run `" + Host.installCommand(PACKAGES) + "`";
        Host.installOrFail(PACKAGES, "egg: QEMU is missing; installing " + String.join(" ", PACKAGES)
                + " with apt-get", hint, err);
        return Host.which(BINARY).orElseThrow(() -> EggException.environment(hint));
    }
}
