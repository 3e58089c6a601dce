package dev.eggos.egg;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code egg run X.iso} and {@code egg run X.img}: boots an image that {@code egg pack} made, as a
 * PC would: the firmware (SeaBIOS, or OVMF with --uefi) starts GRUB from the CD drive or the hard
 * disk, GRUB the kernel. The serial ports, the exit channel and the screen are those of any egg
 * run; what the firmware and GRUB write to the serial ports before the kernel starts is dropped
 * (see {@link BootMark}).
 */
final class PackedRun {
    private PackedRun() {
    }

    static int run(RunCommand r, BootMedium medium, PrintWriter err) throws Exception {
        if (!r.image.args.isEmpty() || !r.image.files.isEmpty() || !r.image.env.isEmpty()) {
            throw EggException.usage("an image of egg pack holds its program's arguments, files and environment:"
                    + " give them to `egg pack`");
        }
        if (r.trace != null || !r.kernelArgs.isEmpty()) {
            throw EggException.usage("an image of egg pack holds the kernel's command line:"
                    + " give --kernel-arg to `egg pack`");
        }
        if (!r.guestIp.guestIp().isDefault()) {
            throw EggException.usage("an image of egg pack holds the kernel's command line:"
                    + " give --ip and --dns to `egg pack`");
        }
        if (r.machine != Machine.PC) {
            throw EggException.usage("an image of egg pack boots on the pc machine only");
        }
        Network network = r.network();
        Accel accel = r.accel.resolve(Accel.Facts.probe());
        Path qemu = Qemu.locate(err);
        BootMedium boot = new BootMedium(medium.file().toAbsolutePath(), medium.kind());
        Path dir = Files.createTempDirectory("egg-run-image-");
        Runnable cleanup = () -> FileTrees.delete(dir);
        try {
            Ovmf uefi = null;
            if (r.uefi) {
                Ovmf fw = Ovmf.locate(err);
                uefi = new Ovmf(fw.code(), fw.varsCopy(dir));
            }
            QemuConfig config = new QemuConfig(Machine.PC, accel, r.memory, r.cpus, null, null, null, network);
            List<String> command = Qemu.command(qemu.toString(), config, new PcOptions(boot, uefi, r.graphic, r.qmp));
            // The image's command line is fixed: its program reads the tty, fed as typed keys.
            return r.runQemu(command, err, cleanup, true, ConsoleInput.Mode.TTY);
        } finally {
            cleanup.run();
        }
    }
}
