// Benchmark 1: QEMU start to the hello's line, and the kernel's share of it, on both guests and the host.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.EggQemu;
import dev.eggos.bench.guest.Guest;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** 1: wall time to the marker, and the kernel's share (eggos: `kernel ready`; Linux: /init starts). */
public final class BootBenchmark implements Benchmark {
    private static final String MARKER = EggQemu.MARKER;
    private static final Pattern KERNEL_READY = Pattern.compile("kernel ready in ([0-9]+) ms");

    @Override
    public void run(Context c) throws IOException {
        boolean quick = c.options().quick();
        Optional<EggImage> java = c.hellos().java();
        boot(c, "static C hello", c.hellos().c(), c.options().runs(quick ? 2 : 10), 60);
        if (java.isPresent()) {
            boot(c, "Java helloworld", java.get(), c.options().runs(5), 300);
        }
    }

    /** The boot series of one image: QEMU start to the marker, to the kernel's mark, and what kernels say. */
    private static final class Boots {
        final Series[] hello = Series.perGuest();
        final Series[] kernel = Series.perGuest();
        final Series selfReported = new Series();
        final Series linuxUptime = new Series();

        void add(Guest g, Proc p) {
            Series h = hello[g.ordinal()];
            if (!p.ok()) {
                h.fail(p.why());
                return;
            }
            Optional<Double> t = p.firstOut(l -> l.equals(MARKER));
            t.ifPresentOrElse(h::add, () -> h.fail("no '" + MARKER + "'"));
            if (g == Guest.EGGOS) {
                p.firstErr(l -> KERNEL_READY.matcher(l).find()).ifPresent(kernel[0]::add);
                p.errLines().stream().map(KERNEL_READY::matcher).filter(Matcher::find).findFirst()
                        .ifPresent(m -> selfReported.add(Double.parseDouble(m.group(1))));
            } else if (g == Guest.LINUX) {
                p.firstOut(l -> l.equals("bench:init")).ifPresent(kernel[1]::add);
                p.outLines().stream().filter(l -> l.startsWith("bench:uptime ")).findFirst()
                        .ifPresent(l -> linuxUptime.add(1000 * Double.parseDouble(l.substring(13).trim())));
            }
        }

        /** What each kernel says of its own start, for the notes of the kernel's-share row. */
        String selfNote() {
            String note = selfReported.isEmpty() ? ""
                    : "; eggos itself reports `kernel ready in " + Fmt.num(selfReported.median())
                            + " ms` (from kmain, by its own clock, not checked against the host's; the rest is QEMU"
                            + " and SeaBIOS)";
            if (!linuxUptime.isEmpty()) {
                note += "; Linux's /proc/uptime at /init: " + Fmt.num(linuxUptime.median()) + " ms (its clock starts"
                        + " after SeaBIOS, loading and decompressing the bzImage)";
            }
            return note;
        }
    }

    private static void boot(Context c, String what, EggImage img, int n, long timeout) {
        Log.say("boot: " + what + ", " + n + " runs per guest");
        Boots boots = new Boots();
        String mem = c.options().mem();
        try {
            if (!c.options().quick()) {
                // One unmeasured boot each: page cache, QEMU's first start.
                c.guests().boot(img, Guest.EGGOS, mem, timeout);
                c.guests().boot(img, Guest.LINUX, mem, timeout);
            }
            for (int i = 0; i < n; i++) {
                StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
                for (Guest g : Guest.values()) {
                    Proc p = c.guests().boot(img, g, mem, timeout);
                    progress.append(' ').append(g.label).append(' ').append(p.ok()
                            ? p.firstOut(l -> l.equals(MARKER)).map(t -> Fmt.num(t) + " s").orElse("no marker")
                            : p.why());
                    boots.add(g, p);
                }
                Log.say(progress.toString());
            }
        } catch (IOException e) {
            c.results().harnessError("boot " + what, e);
        }
        c.results().add(Row.of("1 boot", what + ": QEMU start to `" + MARKER + "`", "s", boots.hello,
                "host: process start to the line")
                .slowerBecause("boot work before the program (see the kernel's share)"));
        c.results().add(Row.of("1 boot", what + ": kernel's share (eggos: `kernel ready`; Linux: `/init` starts)", "s",
                boots.kernel[0], boots.kernel[1], Series.na(), "wall time from QEMU start" + boots.selfNote()));
    }
}
