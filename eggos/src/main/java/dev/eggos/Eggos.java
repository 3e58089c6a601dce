package dev.eggos;

import java.util.Locale;

/**
 * Whether this program runs on eggos.
 *
 * <p>eggos reports itself as Linux (system name {@code Linux}, release
 * {@code 6.1.0-eggos}, version {@code "#1 SMP eggos 0.1.0"}), so the JDK's
 * {@code os.name} is {@code Linux} and its {@code os.version}, taken from
 * {@code uname(2)}'s release at start-up, ends in {@code -eggos}. Every entry point of
 * this library calls {@link #require()} first.
 */
public final class Eggos {

    /** The message of the exception thrown outside eggos. */
    public static final String NOT_EGGOS = "not running on eggos";

    private static final boolean ON_EGGOS = detect(System.getProperty("os.name"), System.getProperty("os.version"));

    private Eggos() {
    }

    /**
     * Tells whether this JVM runs on the eggos kernel.
     *
     * @return {@code true} on eggos, {@code false} on Linux or any other system
     */
    public static boolean isEggos() {
        return ON_EGGOS;
    }

    /**
     * Throws unless this JVM runs on eggos.
     *
     * @throws UnsupportedOperationException with the message {@value #NOT_EGGOS}
     *         when not on eggos
     */
    public static void require() {
        if (!ON_EGGOS) {
            throw new UnsupportedOperationException(NOT_EGGOS);
        }
    }

    /* The kernel's uname release is "6.1.0-eggos"; Linux's never has "eggos" in it. */
    static boolean detect(String osName, String osVersion) {
        return osName != null && osVersion != null
                && osName.equals("Linux")
                && osVersion.toLowerCase(Locale.ROOT).contains("eggos");
    }
}
