// How one benchmark runs its program on every guest: runs, timeout, which rows, their words.
package dev.eggos.bench.benchmarks;

import java.util.Map;

/**
 * A program benchmark. {@code what} starts each row's text (may be empty); with
 * {@code metricsOnly} the wall-time row is left out when the program prints metrics;
 * {@code metrics} words the rows of the metrics it prints, {@code suffix} is added to each of
 * those; {@code wallCause} is the likely cause shown on the wall-time row when eggos is slower.
 */
public record ProgramSpec(String bench, String what, int runs, long timeout, boolean metricsOnly,
                          Map<String, Metric> metrics, String suffix, String wallCause) {
}
