// Benchmark 6: bench/c/micro.c, static C timing kernel paths with clock_gettime inside the guest.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.image.EggBuildException;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Row;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** 6: getppid round trips, page faults, thread create+join, futex ping-pong. */
public final class MicroBenchmark implements Benchmark {
    private static final String BENCH = "6 C micro";

    private static final Map<String, Metric> METRICS = Map.of(
            "getppid", new Metric("1M `getppid` round trips",
                    "the syscall entry/exit path (register save/restore, checks on return to user)"),
            "fault", new Metric("1M first touches of fresh 4 KiB pages (mmap 16 MiB, touch, munmap)",
                    "the page-fault path: VMA lookup, frame allocation and zeroing, and munmap's unmapping and TLB"
                    + " flushing"),
            "thread", new Metric("1000 × `pthread_create` + `pthread_join`",
                    "clone and exit: kernel stack and thread allocation, the thread stack's mmap/munmap"),
            "futex", new Metric("100k futex ping-pong round trips between two threads",
                    "futex wait/wake and the context switch in the scheduler"));

    @Override
    public void run(Context c) throws IOException {
        boolean quick = c.options().quick();
        EggImage img;
        try {
            img = c.images().build("micro", c.options().cbin().resolve("micro").toString(),
                    List.of(quick ? "0.01" : "1"));
        } catch (EggBuildException e) {
            c.results().fail();
            c.results().add(Row.skipped(BENCH, "bench/c/micro.c",
                    "egg cannot build it: " + Fmt.oneLine(e.getMessage())));
            return;
        }
        if (quick) {
            c.results().note("`--quick`: the C microbenchmarks ran at 1/100 of their counts.");
        }
        ProgramRuns.run(c, img, new ProgramSpec(BENCH, "", c.options().runs(quick ? 2 : 5), 900, true, METRICS,
                quick ? " (`--quick`: 1/100 of the count)" : "", ""));
    }
}
