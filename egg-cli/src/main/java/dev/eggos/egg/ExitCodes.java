package dev.eggos.egg;

/** egg's own exit statuses. A program run by {@code egg run} gives its own status (0 to 255). */
public final class ExitCodes {
    /** Something went wrong that is not covered below (an I/O error writing the image, say). */
    public static final int ERROR = 1;
    /** Bad command line or bad input file. */
    public static final int USAGE = 2;
    /** {@code egg doctor}: something is missing. */
    public static final int MISSING = 1;
    /** {@code egg run --timeout} expired (as timeout(1)). */
    public static final int TIMEOUT = 124;
    /** The program could not be run to its end: QEMU missing or failed, kernel panic (as docker run). */
    public static final int FAILED_TO_RUN = 125;

    private ExitCodes() {
    }
}
