// Progress lines on stderr, each starting "bench: ", as bench/run's own.
package dev.eggos.bench.report;

/** The harness's progress log (stderr; the table goes to stdout). */
public final class Log {
    private Log() {
    }

    public static void say(String s) {
        System.err.println("bench: " + s);
        System.err.flush();
    }
}
