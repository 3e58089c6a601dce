// Benchmark 5: bench/java/sha256, the SHA-256 of 64 MiB in Java, timed inside the program.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.report.Row;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** 5: a CPU-bound Java loop: a ratio near 1.0 is the goal, anything else is kernel overhead. */
public final class Sha256Benchmark implements Benchmark {
    private static final String BENCH = "5 Java CPU";

    private static final Map<String, Metric> METRICS = Map.of(
            "sha256", new Metric("SHA-256 of 64 MiB, second pass (timed inside)",
                    "time lost outside the program: timer interrupts, page faults, TLB flushes"),
            "sha256-warmup", new Metric("SHA-256 of 64 MiB, first pass (JIT warm-up)",
                    "the JIT's work while the loop warms up: faults on fresh pages of the compiler's arenas and code"
                    + " cache, mprotect, switches between the compiler thread and main"));

    @Override
    public void run(Context c) throws IOException {
        if (c.options().quick()) {
            c.results().note("`--quick`: SHA-256 is left out.");
            return;
        }
        Optional<EggImage> img = c.images().javaProgram("sha256", c.options().root().resolve("bench/java/sha256"),
                List.of("64"));
        if (img.isEmpty()) {
            c.results().add(Row.skipped(BENCH, "SHA-256 of 64 MiB", "see the notes"));
            return;
        }
        ProgramRuns.run(c, img.get(), new ProgramSpec(BENCH, "", c.options().runs(3), 900, true, METRICS, "", ""));
    }
}
