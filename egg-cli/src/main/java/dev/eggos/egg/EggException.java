package dev.eggos.egg;

/**
 * An error the user can act on. Its message is printed as one line,
 * {@code egg: <message>}, and egg exits with {@link #status()}.
 */
public class EggException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public EggException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EggException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** Bad input from the user: a wrong argument, a file that is not a usable program. */
    public static EggException usage(String message) {
        return new EggException(ExitCodes.USAGE, message);
    }

    /** Something egg needs is missing or broken on this machine. */
    public static EggException environment(String message) {
        return new EggException(ExitCodes.FAILED_TO_RUN, message);
    }

    public int status() {
        return status;
    }
}
