// One line a process printed, with the time it arrived (seconds from the start) and its stream.
package dev.eggos.bench.proc;

/** A line of output: {@code t} seconds after the process started; {@code err} for stderr. */
public record Line(double t, boolean err, String text) {
}
