package dev.eggos.egg;

import java.util.List;

/**
 * egg's exit statuses, as docker run's: {@code egg run} exits with the program's own status (0 to
 * 255, 128 + N when signal N ended it), and its own failures take the statuses programs rarely
 * use, 124 to 127, each with one line on stderr that says what went wrong. egg build and egg pack
 * use the same ones; egg doctor exits with 1 when something is missing.
 */
public final class ExitCodes {
    /** {@code egg run --timeout} expired (as timeout(1)). */
    public static final int TIMEOUT = 124;
    /**
     * egg itself failed: a bad command line or option, QEMU missing or failed, a kernel panic, a
     * tool egg runs (javac, jlink, mvn, grub-mkrescue) failed, an I/O error (as docker run).
     */
    public static final int FAILED = 125;
    /** The program cannot be run: FILE is not a program egg can run, or the kernel cannot start it. */
    public static final int CANNOT_RUN = 126;
    /** The program was not found: FILE, or a --file HOST, does not exist. */
    public static final int NOT_FOUND = 127;
    /**
     * {@code egg run} got SIGTERM or SIGHUP, and the program did not end within --stop-timeout of
     * the SIGTERM egg sent it, or a second signal came: egg ended the machine (as docker's SIGKILL).
     */
    public static final int KILLED = 137;
    /** {@code egg doctor}: something is missing. */
    public static final int MISSING = 1;

    /** The statuses as `egg --help` and the README list them, one line each. */
    public static final List<String> HELP = List.of(
            "egg run exits with the program's status (128+N when signal N ended it), or:",
            "  124  --timeout expired",
            "  125  egg failed: bad arguments, QEMU failed or missing, kernel panic, javac",
            "       or jlink or mvn failed",
            "  126  FILE cannot run: not a static x86-64 executable, a jar, Java sources",
            "       or a Maven project; or the kernel cannot start it",
            "  127  FILE, or a --file HOST, not found",
            "  137  SIGTERM or SIGHUP to egg run (which sends the program SIGTERM), and the",
            "       program still ran after --stop-timeout, or a second signal came",
            "egg build and egg pack exit with 0, 125, 126 or 127; egg doctor with 1 when",
            "something is missing.");

    private ExitCodes() {
    }
}
