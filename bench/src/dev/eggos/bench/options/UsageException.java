// A command line bench cannot run with: the message says what to change.
package dev.eggos.bench.options;

/** A wrong command line; bench prints the message and its usage and exits 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
