// The command line of the bench driver (bench/run passes the inputs it prepared, then the user's options).
package dev.eggos.bench.options;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The driver's options. {@code modules} (Debian's kernel modules, for the httpd benchmark's
 * Linux guest) may be null; {@code runs} is null unless {@code --runs} was given; {@code only}
 * is empty for every benchmark.
 */
public record Options(Path root, Path work, Path vmlinuz, Path busybox, Path modules, Path cbin, Path egg,
                      String linuxPackage, boolean quick, Set<String> only, Integer runs, Path out, String mem,
                      int cpus, boolean verbose) {

    public Options {
        only = Collections.unmodifiableSet(new LinkedHashSet<>(only));
    }

    /** The usage line, naming the benchmarks {@code --only} takes. */
    public static String usage(List<String> benchmarks) {
        return "usage: bench/run [--quick] [--only " + String.join("|", benchmarks)
                + "[,...]]... [--runs N] [--out FILE] [--egg PATH] [--verbose]";
    }

    /** Parses the arguments; {@code benchmarks} are the names {@code --only} accepts. */
    public static Options parse(String[] args, List<String> benchmarks) throws UsageException {
        Path root = null;
        Path work = null;
        Path vmlinuz = null;
        Path busybox = null;
        Path modules = null;
        Path cbin = null;
        Path egg = null;
        String linuxPackage = "?";
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>();
        Integer runs = null;
        Path out = null;
        String mem = "512M";
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--root" -> root = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "--work" -> work = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "--vmlinuz" -> vmlinuz = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--busybox" -> busybox = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--modules" -> modules = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--cbin" -> cbin = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--egg" -> egg = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--linux-package" -> linuxPackage = value(args, ++i, a);
                case "--quick" -> quick = true;
                case "--verbose", "-v" -> verbose = true;
                case "--only" -> only.addAll(benchmarkNames(value(args, ++i, a), benchmarks));
                case "--runs" -> runs = number(value(args, ++i, a), a);
                case "--out" -> out = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--mem" -> mem = value(args, ++i, a);
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        if (root == null || work == null || vmlinuz == null || busybox == null || cbin == null) {
            throw new UsageException("--root, --work, --vmlinuz, --busybox and --cbin are required"
                    + " (bench/run passes them)");
        }
        if (egg == null) {
            egg = root.resolve("egg");
        }
        if (out == null) {
            String date = LocalDate.now().toString();
            out = quick ? work.resolve("results/" + date + "-quick.md") : root.resolve("bench/results/" + date + ".md");
        }
        return new Options(root, work, vmlinuz, busybox, modules, cbin, egg, linuxPackage, quick, only, runs, out,
                mem, 1, verbose);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String s, String option) throws UsageException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + s + "'");
        }
    }

    private static List<String> benchmarkNames(String list, List<String> benchmarks) throws UsageException {
        List<String> names = List.of(list.split(","));
        for (String n : names) {
            if (!benchmarks.contains(n)) {
                throw new UsageException("unknown benchmark '" + n + "'; give one of " + String.join(", ", benchmarks));
            }
        }
        return names;
    }

    /** Whether the benchmark called {@code name} is to run. */
    public boolean wants(String name) {
        return only.isEmpty() || only.contains(name);
    }

    /** How many runs per guest: {@code --runs}, or the benchmark's own {@code full}. */
    public int runs(int full) {
        return runs != null ? runs : full;
    }
}
