// Benchmark 2: the least -m at which each guest still runs the hello (bisected to 1 MiB).
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.EggQemu;
import dev.eggos.bench.guest.Guest;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** 2: the least -m at which the program still prints the marker and exits 0 (one boot per probe). */
public final class MemoryBenchmark implements Benchmark {
    @Override
    public void run(Context c) throws IOException {
        Optional<EggImage> java = c.hellos().java();
        if (c.options().quick()) {
            c.results().note("`--quick`: the memory bisection is left out.");
            return;
        }
        leastMemory(c, "static C hello", c.hellos().c(), 2, 512, 30);
        if (java.isPresent()) {
            leastMemory(c, "Java helloworld", java.get(), 16, 1024, 180);
        }
    }

    private static void leastMemory(Context c, String what, EggImage img, int lo, int hi, long timeout) {
        Log.say("mem: " + what + ", bisecting -m between " + lo + " and " + hi + " MiB");
        Series[] least = {new Series(), new Series(), Series.na()};
        for (Guest g : List.of(Guest.EGGOS, Guest.LINUX)) {
            try {
                if (!works(c, img, g, hi, timeout)) {
                    least[g.ordinal()].fail("fails even with " + hi + " MiB");
                    continue;
                }
                least[g.ordinal()].add(bisect(c, img, g, lo - 1, hi, timeout));
            } catch (IOException e) {
                c.results().harnessError("mem " + what, e);
            }
        }
        c.results().add(Row.of("2 memory", what + ": least `-m` that prints and exits 0", "MiB", least,
                "bisected to 1 MiB, one boot per probe").kind(Row.Kind.SPACE)
                .slowerBecause("memory the kernel keeps for itself, or the initramfs held in RAM"));
    }

    /** The least MiB in (bad, good] that works, given that {@code good} does and {@code bad} does not. */
    private static int bisect(Context c, EggImage img, Guest g, int bad, int good, long timeout) throws IOException {
        while (good - bad > 1) {
            int mid = (good + bad) >>> 1;
            if (works(c, img, g, mid, timeout)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    private static boolean works(Context c, EggImage img, Guest g, int mib, long timeout) throws IOException {
        Proc p = c.guests().boot(img, g, mib + "M", timeout);
        boolean ok = p.ok() && p.firstOut(l -> l.equals(EggQemu.MARKER)).isPresent();
        Log.say("  " + g.label + " -m " + mib + "M: " + (ok ? "ok" : "fails (" + p.why() + ")"));
        return ok;
    }
}
