package dev.eggos.egg;

import java.io.PrintWriter;

/**
 * egg's lines on stderr while it builds: progress for the slow steps (hidden by --quiet) and
 * warnings (always shown). Each is one line starting with {@code egg: }.
 */
public record Progress(PrintWriter err, boolean quiet) {
    public void step(String message) {
        if (!quiet) {
            warn(message);
        }
    }

    public void warn(String message) {
        err.println("egg: " + message);
        err.flush();
    }
}
