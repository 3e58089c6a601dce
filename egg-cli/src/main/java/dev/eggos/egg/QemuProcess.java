package dev.eggos.egg;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs QEMU with egg's stdin (as it is when a terminal, else copied and ended: see
 * {@link ConsoleInput}) and stdout, reads the kernel log from its stderr, copies the program's
 * stderr to egg's (see {@link ProgramStderr}), and ends it when the timeout expires or egg itself is
 * interrupted (SIGINT when not on a terminal, where Ctrl-C is the guest's; SIGTERM and SIGHUP stop
 * the program first: see {@link GracefulStop}).
 */
public final class QemuProcess {
    private static final long GRACE_MILLIS = 3000;
    private static final long LOG_DRAIN_MILLIS = 5000;
    private static final long SIGNAL_GRACE_MILLIS = 200;

    private QemuProcess() {
    }

    /**
     * @param timeoutSeconds 0 for none
     * @param onShutdown     runs (after QEMU is ended) if egg is interrupted while QEMU runs
     * @param bootMark       the machine boots through firmware and GRUB (an ISO): drop their output
     *                       on the serial ports, up to the kernel's {@link BootMark}
     * @param input          how egg's stdin reaches the program when it is not a terminal (the kernel
     *                       was told in command)
     * @param graceful       what SIGTERM and SIGHUP to egg do while QEMU runs (its options are in command)
     */
    static Outcome run(List<String> command, long timeoutSeconds, PrintWriter err, Runnable onShutdown,
                       boolean bootMark, ConsoleInput.Mode input, GracefulStop graceful) {
        boolean terminal = ConsoleInput.stdinIsTerminal();
        try (ProgramStderr stderr = ProgramStderr.listen()) {
            List<String> full = new java.util.ArrayList<>(command);
            full.addAll(stderr.qemuOptions());
            return run(full, stderr, terminal, timeoutSeconds, err, onShutdown, bootMark, input, graceful);
        }
    }

    private static Outcome run(List<String> command, ProgramStderr stderr, boolean terminal, long timeoutSeconds,
                               PrintWriter err, Runnable onShutdown, boolean bootMark, ConsoleInput.Mode input,
                               GracefulStop graceful) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(terminal ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
                .redirectOutput(bootMark ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        KernelLog log = new KernelLog(err);
        if (bootMark) {
            log.awaitBootMark();
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw EggException.environment("cannot start QEMU (" + command.get(0) + "): " + e.getMessage());
        }
        Thread pump = new Thread(() -> {
            try {
                log.pump(p.getErrorStream());
            } catch (IOException e) {
                // QEMU went away; what was read has been forwarded.
            }
        }, "egg-kernel-log");
        pump.setDaemon(true);
        pump.start();
        if (!terminal) {
            ConsoleInput.pump(System.in, p.getOutputStream(), log.inputReady(), input);
        }
        Thread console = bootMark ? consolePump(p) : null;
        Thread programErr = stderr.pump(new FileOutputStream(FileDescriptor.err));
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            shuttingDown.set(true);
            log.killedByEgg();
            stop(p);
            onShutdown.run();
        }, "egg-stop-qemu");
        Runtime.getRuntime().addShutdownHook(hook);
        graceful.watch(() -> {
            log.killedByEgg();
            stop(p);
        });
        try {
            boolean timedOut = false;
            if (timeoutSeconds <= 0) {
                p.waitFor();
            } else if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                log.killedByEgg();
                stop(p);
                timedOut = true;
            }
            pump.join(LOG_DRAIN_MILLIS);
            if (console != null) {
                console.join(LOG_DRAIN_MILLIS);
            }
            programErr.join(LOG_DRAIN_MILLIS);
            if (log.exitStatus().isEmpty() && !log.panicked() && !timedOut && !graceful.ended()) {
                // A Ctrl-C or a signal to the whole process group reaches QEMU and egg together:
                // give egg's own shutdown a moment to start before reporting QEMU's early end.
                Thread.sleep(SIGNAL_GRACE_MILLIS);
            }
            if (shuttingDown.get()) {
                // egg was interrupted: the hook ends QEMU and the JVM exits on the signal's status;
                // say nothing more.
                Thread.sleep(Long.MAX_VALUE);
            }
            return new Outcome(log.exitStatus(), log.panicked(), timedOut, timeoutSeconds, p.exitValue(),
                    graceful.ended());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.killedByEgg();
            stop(p);
            throw EggException.environment("interrupted");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook does the rest.
            }
        }
    }

    /** Copies the guest's console (QEMU's stdout) to egg's stdout, from the boot mark on. */
    private static Thread consolePump(Process p) {
        Thread t = new Thread(() -> {
            try (BootMark.Filter out = new BootMark.Filter(new FileOutputStream(FileDescriptor.out))) {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // QEMU went away; what was read has been forwarded.
            }
        }, "egg-console");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends QEMU and whatever it started: SIGTERM first (QEMU then restores the terminal), then SIGKILL. */
    static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
