package dev.eggos.egg;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code egg run X.iso}: boots an ISO that {@code egg pack} made, as a PC would: the firmware
 * (SeaBIOS, or OVMF with --uefi) starts GRUB from the CD drive, GRUB the kernel. The serial ports,
 * the exit channel and the screen are those of any egg run; what the firmware and GRUB write to
 * the serial ports before the kernel starts is dropped (see {@link BootMark}).
 */
final class IsoRun {
    private IsoRun() {
    }

    static int run(RunCommand r, PrintWriter err) throws Exception {
        if (!r.image.args.isEmpty() || !r.image.files.isEmpty() || !r.image.env.isEmpty()) {
            throw EggException.usage("an ISO holds its program's arguments, files and environment:"
                    + " give them to `egg pack`");
        }
        if (r.trace != null || !r.kernelArgs.isEmpty()) {
            throw EggException.usage("an ISO holds the kernel's command line: give --kernel-arg to `egg pack`");
        }
        if (r.machine != Machine.PC) {
            throw EggException.usage("an ISO boots on the pc machine only");
        }
        Accel accel = r.accel.resolve(Accel.Facts.probe());
        Path qemu = Qemu.locate(err);
        Path iso = Path.of(r.image.file).toAbsolutePath();
        Path dir = Files.createTempDirectory("egg-run-iso-");
        Runnable cleanup = () -> FileTrees.delete(dir);
        try {
            Ovmf uefi = null;
            if (r.uefi) {
                Ovmf fw = Ovmf.locate(err);
                uefi = new Ovmf(fw.code(), fw.varsCopy(dir));
            }
            QemuConfig config = new QemuConfig(Machine.PC, accel, r.memory, r.cpus, null, null, null);
            List<String> command = Qemu.command(qemu.toString(), config, new PcOptions(iso, uefi, r.graphic, r.qmp));
            if (System.getenv("EGG_DEBUG") != null) {
                err.println("egg: " + String.join(" ", command));
                err.flush();
            }
            Outcome outcome = QemuProcess.run(command, r.timeout == null ? 0 : r.timeout, err, cleanup, true);
            outcome.message().ifPresent(m -> {
                err.println(m);
                err.flush();
            });
            return outcome.status();
        } finally {
            cleanup.run();
        }
    }
}
