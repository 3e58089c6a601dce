// What every benchmark is to the driver: a run that adds rows and notes (bench/run's --only names it).
package dev.eggos.bench.benchmarks;

import java.io.IOException;

/** One benchmark of the table (its rows share a number: "1 boot", "6 C micro", ...). */
@FunctionalInterface
public interface Benchmark {
    /** Measures, adding rows and notes to {@code c.results()}. */
    void run(Context c) throws IOException;
}
