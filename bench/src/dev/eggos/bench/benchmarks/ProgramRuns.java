// Runs a program on eggos, the Linux guest and the host in turn; rows of its wall time or its own metrics.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.Guest;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a program N times on each guest and the host, alternating; reports the metrics it prints
 * ({@code bench: NAME VALUE UNIT}), or else the wall time to its exit. Checks that every guest
 * run prints the same results (its lines other than the measurements).
 *
 * <p>A program that prints {@code bench-clock: start} and {@code bench-clock: end} around 1 s of
 * its own clock gets a clock row, and its in-guest timings are scaled by that second as the
 * host measured it (a boot's TSC calibration can be off).
 */
final class ProgramRuns {
    private static final Pattern BENCH_LINE = Pattern.compile("bench: (\\S+) ([0-9.eE+-]+) (\\S+)");
    private static final String CLOCK = "clock";
    private static final Metric CLOCK_METRIC = new Metric(
            "1 s of the guest's CLOCK_MONOTONIC, timed on the host (checks the in-guest timings)", "");

    private final Context c;
    private final ProgramSpec spec;
    private final Map<String, Series[]> metrics = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Series[] wall = Series.perGuest();
    private List<String> reference;     // the first guest run's results: every guest run must print them
    private String differs;
    private boolean clockScaled;

    private ProgramRuns(Context c, ProgramSpec spec) {
        this.c = c;
        this.spec = spec;
    }

    /** Runs {@code img} as {@code spec} says and adds its rows. */
    static void run(Context c, EggImage img, ProgramSpec spec) {
        new ProgramRuns(c, spec).measure(img);
    }

    private void measure(EggImage img) {
        int n = spec.runs();
        Log.say(spec.bench() + ": " + n + " runs per guest");
        try {
            for (int i = 0; i < n; i++) {
                StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
                for (Guest g : Guest.values()) {
                    Proc p = c.guests().boot(img, g, c.options().mem(), spec.timeout());
                    progress.append(' ').append(g.label).append(' ')
                            .append(p.ok() ? Fmt.num(p.exitAt()) + " s" : p.why());
                    record(g, p, i);
                }
                Log.say(progress.toString());
            }
        } catch (IOException e) {
            c.results().harnessError(spec.bench(), e);
        }
        addRows();
    }

    /** Adds run {@code i} on {@code g} to the series. */
    private void record(Guest g, Proc p, int i) {
        int k = g.ordinal();
        if (!p.ok()) {
            wall[k].fail(p.why());
            metrics.values().forEach(s -> s[k].fail(p.why()));
            return;
        }
        wall[k].add(p.exitAt());
        List<String> programOut = g.programOutput(p);
        if (g != Guest.HOST) {
            compare(results(programOut), g, i);
        }
        // The guest's second as the host measured it: in-guest durations are scaled by it.
        Optional<Double> c0 = p.firstOut(x -> x.equals("bench-clock: start"));
        Optional<Double> c1 = p.firstOut(x -> x.equals("bench-clock: end"));
        double clock = 1;
        if (c0.isPresent() && c1.isPresent()) {
            clock = c1.get() - c0.get();
            metric(CLOCK, "s")[k].add(clock);
            clockScaled = true;
        }
        for (String l : programOut) {
            Matcher m = BENCH_LINE.matcher(l);
            if (m.matches()) {
                metric(m.group(1), m.group(3))[k].add(Double.parseDouble(m.group(2)) * clock);
            }
        }
    }

    private Series[] metric(String name, String unit) {
        units.put(name, unit);
        return metrics.computeIfAbsent(name, key -> Series.perGuest());
    }

    private void compare(List<String> result, Guest g, int i) {
        if (reference == null) {
            reference = result;
        } else if (!result.equals(reference) && differs == null) {
            differs = "run " + (i + 1) + " on " + g.label + " printed " + result.size() + " lines, the first guest run "
                    + reference.size() + "; first difference: " + firstDifference(result, reference);
        }
    }

    private void addRows() {
        String same = "";
        if (differs != null) {
            same = "; **the guests' outputs differ**";
            c.results().outputsDiffer(spec.bench(), differs);
        }
        String what = spec.what();
        if (!spec.metricsOnly() || metrics.isEmpty()) {
            c.results().add(Row.of(spec.bench(), what + ": QEMU start to exit", "s", wall,
                    "includes booting and starting the JVM; host: the same program natively" + same)
                    .slowerBecause(spec.wallCause()));
            same = "";
        }
        for (Map.Entry<String, Series[]> m : metrics.entrySet()) {
            boolean clock = m.getKey().equals(CLOCK);
            Metric metric = clock ? CLOCK_METRIC : spec.metrics().getOrDefault(m.getKey(), new Metric(m.getKey(), ""));
            String how = clock ? "the program spins until its clock says 1 s"
                    : clockScaled ? "timed inside the program, scaled by its boot's clock check"
                    : "timed inside the program";
            Row row = Row.of(spec.bench(), (what.isEmpty() ? "" : what + ": ") + metric.description() + spec.suffix(),
                    units.get(m.getKey()), m.getValue(), how + same).slowerBecause(metric.slowerBecause());
            c.results().add(clock ? row.kind(Row.Kind.CLOCK) : row);
            same = "";
        }
    }

    /** What a run printed besides its measurements: the same on every guest run, or the bench fails. */
    private static List<String> results(List<String> programOut) {
        return programOut.stream().filter(l -> !BENCH_LINE.matcher(l).matches() && !l.startsWith("bench-clock: "))
                .collect(Collectors.toList());
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "line " + (i + 1) + ": `" + a.get(i) + "` vs `" + b.get(i) + "`";
            }
        }
        return "one is a prefix of the other";
    }
}
