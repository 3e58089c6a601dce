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

    /** A wrong argument or option. */
    public static EggException usage(String message) {
        return new EggException(ExitCodes.FAILED, message);
    }

    /** Something egg needs is missing or broken on this machine. */
    public static EggException environment(String message) {
        return new EggException(ExitCodes.FAILED, message);
    }

    /** The program given is not one egg can run. */
    public static EggException cannotRun(String message) {
        return new EggException(ExitCodes.CANNOT_RUN, message);
    }

    /** The program, or a file to put in the image, does not exist. */
    public static EggException notFound(String message) {
        return new EggException(ExitCodes.NOT_FOUND, message);
    }

    public int status() {
        return status;
    }
}
