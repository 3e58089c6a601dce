// What a benchmark works with: the options, the images, the guests, egg's QEMU, and the results.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.EggQemu;
import dev.eggos.bench.guest.Guests;
import dev.eggos.bench.image.Images;
import dev.eggos.bench.options.Options;
import dev.eggos.bench.report.Results;

/** The services a benchmark uses; {@code hellos} are the hello images boot, mem and size share. */
public record Context(Options options, Images images, Guests guests, EggQemu egg, Results results, Hellos hellos) {
}
