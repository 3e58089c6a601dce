// Benchmark 4: examples/prime-sieve with N = 2000, QEMU start to exit (threads, futexes, the scheduler).
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.report.Row;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** 4: the Java prime sieve, N = 2000; every run of both guests must print the same primes. */
public final class SieveBenchmark implements Benchmark {
    private static final String BENCH = "4 prime-sieve";

    @Override
    public void run(Context c) throws IOException {
        if (c.options().quick()) {
            c.results().note("`--quick`: prime-sieve is left out.");
            return;
        }
        Optional<EggImage> img = c.images().javaProgram("prime-sieve",
                c.options().root().resolve("examples/prime-sieve"), List.of("2000"));
        if (img.isEmpty()) {
            c.results().add(Row.skipped(BENCH, "N = 2000: QEMU start to exit", "see the notes"));
            return;
        }
        ProgramRuns.run(c, img.get(), new ProgramSpec(BENCH, "N = 2000", c.options().runs(3), 900, false, Map.of(), "",
                "thread creation, futexes and the scheduler under 2000 threads"));
    }
}
