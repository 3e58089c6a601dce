package dev.eggos.egg;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a run ended, and what egg tells the user and returns for it. A reported exit status
 * wins over everything else; then a panic; then an expired timeout.
 *
 * @param exitStatus the program's status, when the kernel reported one
 * @param panicked   the kernel reported a panic
 * @param timedOut   {@code --timeout} expired and egg ended QEMU
 * @param qemuStatus QEMU's own exit status
 * @param stopped    after SIGTERM or SIGHUP to egg, the program did not end within --stop-timeout (or
 *                   a second signal came): egg ended the machine (see {@link GracefulStop})
 */
public record Outcome(OptionalInt exitStatus, boolean panicked, boolean timedOut, long timeoutSeconds,
                      int qemuStatus, boolean stopped) {

    /** What bash prints when a child dies of signal N (status 128+N). No line for SIGINT and SIGPIPE. */
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "Hangup"), Map.entry(3, "Quit"), Map.entry(4, "Illegal instruction"),
            Map.entry(5, "Trace/breakpoint trap"), Map.entry(6, "Aborted"), Map.entry(7, "Bus error"),
            Map.entry(8, "Floating point exception"), Map.entry(9, "Killed"),
            Map.entry(10, "User defined signal 1"), Map.entry(11, "Segmentation fault"),
            Map.entry(12, "User defined signal 2"), Map.entry(14, "Alarm clock"), Map.entry(15, "Terminated"),
            Map.entry(16, "Stack fault"), Map.entry(24, "CPU time limit exceeded"),
            Map.entry(25, "File size limit exceeded"), Map.entry(26, "Virtual timer expired"),
            Map.entry(27, "Profiling timer expired"), Map.entry(29, "I/O possible"),
            Map.entry(30, "Power failure"), Map.entry(31, "Bad system call"));

    /** The line bash would print for exit status {@code status}, if any. */
    public static Optional<String> signalMessage(int status) {
        return status > 128 ? Optional.ofNullable(SIGNALS.get(status - 128)) : Optional.empty();
    }

    /** The message for stderr (without the newline), if any. */
    public Optional<String> message() {
        if (exitStatus.isPresent()) {
            return signalMessage(exitStatus.getAsInt());
        }
        if (panicked) {
            return Optional.of("egg: kernel panic (the kernel says why above)");
        }
        if (timedOut) {
            return Optional.of("egg: timed out after " + timeoutSeconds + " s");
        }
        if (stopped) {
            return Optional.of("egg: the program did not stop after SIGTERM; egg ended the machine");
        }
        return Optional.of("egg: QEMU exited with status " + qemuStatus + " before the program finished");
    }

    /** egg's exit status. */
    public int status() {
        if (exitStatus.isPresent()) {
            return exitStatus.getAsInt();
        }
        if (panicked) {
            return ExitCodes.FAILED;
        }
        if (timedOut) {
            return ExitCodes.TIMEOUT;
        }
        return stopped ? ExitCodes.KILLED : ExitCodes.FAILED;
    }
}
