// The benchmark driver behind bench/run: builds the images, boots both guests, writes the table.
package dev.eggos.bench;

import dev.eggos.bench.benchmarks.Benchmark;
import dev.eggos.bench.benchmarks.BootBenchmark;
import dev.eggos.bench.benchmarks.Context;
import dev.eggos.bench.benchmarks.GraphicBenchmark;
import dev.eggos.bench.benchmarks.Hellos;
import dev.eggos.bench.benchmarks.HttpdBenchmark;
import dev.eggos.bench.benchmarks.MemoryBenchmark;
import dev.eggos.bench.benchmarks.MicroBenchmark;
import dev.eggos.bench.benchmarks.Sha256Benchmark;
import dev.eggos.bench.benchmarks.SieveBenchmark;
import dev.eggos.bench.benchmarks.SizeBenchmark;
import dev.eggos.bench.guest.EggQemu;
import dev.eggos.bench.guest.Guests;
import dev.eggos.bench.image.EggBuildException;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.image.Images;
import dev.eggos.bench.image.LinuxInitrd;
import dev.eggos.bench.options.Options;
import dev.eggos.bench.options.UsageException;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Results;
import dev.eggos.bench.report.Table;

import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * eggos against a Linux guest booted in the same QEMU with the same flags, memory and CPU count,
 * and against the host. {@code bench/run} prepares the inputs (Debian's kernel, busybox-static,
 * the static C programs) and passes their paths; this program builds the eggos images with
 * {@code egg build}, derives the Linux guest's initramfs from each, boots both guests,
 * timestamps every line they print on the host, and writes the Markdown table.
 *
 * <p>Times come from two places: wall times are measured on the host from the moment QEMU is
 * started to the moment a line appears on a serial port (the same way for both guests); the
 * micro benchmarks time themselves inside the guest and print {@code bench: NAME VALUE UNIT}.
 * Exits 1 when a measurement failed or the guests' results differ, 2 on a wrong command line.
 */
public final class Bench {
    /** Every benchmark by the name {@code --only} takes, in the order they run and their rows appear. */
    private static final Map<String, Benchmark> BENCHMARKS = benchmarks();

    private static Map<String, Benchmark> benchmarks() {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        all.put("boot", new BootBenchmark());
        all.put("mem", new MemoryBenchmark());
        all.put("size", new SizeBenchmark());
        all.put("sieve", new SieveBenchmark());
        all.put("sha256", new Sha256Benchmark());
        all.put("micro", new MicroBenchmark());
        all.put("httpd", new HttpdBenchmark());
        all.put("graphic", new GraphicBenchmark());
        return Collections.unmodifiableMap(all);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = List.copyOf(BENCHMARKS.keySet());
        Options options;
        try {
            options = Options.parse(args, names);
        } catch (UsageException e) {
            Log.say(e.getMessage());
            System.err.println(Options.usage(names));
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    /** Runs the benchmarks the options ask for; the exit status. */
    private static int run(Options options) throws Exception {
        Report report = new Report(options);
        Files.createDirectories(options.work());
        long t0 = System.nanoTime();
        Results results = new Results();
        Images images = new Images(options.root(), options.work(), options.egg(),
                new LinuxInitrd(options.busybox(), options.modules()), results);
        EggImage hello = cHello(options, images);
        EggQemu egg = new EggQemu(options, results);
        Guests guests = Guests.start(options, egg, results, hello);
        Context c = new Context(options, images, guests, egg, results, new Hellos(hello, options, images, results));
        for (Map.Entry<String, Benchmark> b : BENCHMARKS.entrySet()) {
            if (options.wants(b.getKey())) {
                b.getValue().run(c);
            }
        }
        String text = report.markdown(guests.template(), results, (System.nanoTime() - t0) / 1e9);
        System.out.println(text);
        Files.createDirectories(options.out().getParent());
        Files.writeString(options.out(), text);
        Log.say("wrote " + options.root().relativize(options.out().toAbsolutePath()));
        List<String> problems = Table.check(text);
        problems.forEach(p -> Log.say("table: " + p));
        return problems.isEmpty() && results.failures() == 0 ? 0 : 1;
    }

    /** The static C hello: every guest is checked with it first, so without it nothing runs. */
    private static EggImage cHello(Options options, Images images) throws Exception {
        try {
            return images.build("hello-c", options.cbin().resolve("hello").toString(), List.of());
        } catch (EggBuildException e) {
            throw new IllegalStateException("egg cannot build the static C hello: see above", e);
        }
    }
}
