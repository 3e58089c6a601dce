// A measurement a program prints about itself (`bench: NAME VALUE UNIT`): its row's words.
package dev.eggos.bench.benchmarks;

/** How a metric's row reads: what was measured, and the likely cause when eggos is slower. */
public record Metric(String description, String slowerBecause) {
}
