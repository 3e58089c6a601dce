// egg could not build an image: the message is the end of egg's own output.
package dev.eggos.bench.image;

/** {@code egg build} failed; the message says why, in egg's words. */
public final class EggBuildException extends Exception {
    public EggBuildException(String message) {
        super(message);
    }
}
