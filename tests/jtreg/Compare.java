import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The comparison of tests/jtreg/run: reads jtreg's result files (.jtr) of the host and eggos runs and
 * prints the Markdown report (per area: selected, excluded by rule, run on the host, host passes,
 * eggos passes among them) and the reason of each eggos failure; writes DIR/verdicts.tsv.
 * Usage: java Compare.java DIR SELECTION AREAS MODE TIMEOUT_FACTOR JOBS
 */
public class Compare {
    /** One test's verdict in one run: Passed, Failed, Error, or "not run" (filtered by @requires). */
    record Verdict(String status, String reason, String firstException, long millis) {
        boolean passed() {
            return status.equals("Passed");
        }
    }

    public static void main(String[] a) throws IOException {
        Path dir = Path.of(a[0]);
        Path sel = Path.of(a[1]);
        List<String> areas = List.of(a[2].split(","));
        String mode = a[3];
        List<String> selected = Files.readAllLines(sel.resolve("selected.txt"));
        List<String> all = Files.exists(sel.resolve("all.txt")) ? Files.readAllLines(sel.resolve("all.txt")) : selected;
        List<String> excluded = Files.exists(sel.resolve("excluded.txt"))
                ? Files.readAllLines(sel.resolve("excluded.txt")) : List.of();
        Map<String, Verdict> host = results(dir.resolve("work-host"));
        Map<String, Verdict> eggos = results(dir.resolve("work-eggos"));

        List<String> rows = new ArrayList<>();
        StringBuilder tsv = new StringBuilder();
        Map<String, int[]> perArea = new LinkedHashMap<>();
        areas.forEach(x -> perArea.put(x, new int[7]));
        perArea.put("(other)", new int[7]);
        all.forEach(t -> perArea.get(areaOf(t, areas))[6]++);
        long hostMillis = 0, eggMillis = 0;
        int eggRuns = 0, hostRuns = 0;
        for (String test : selected) {
            int[] c = perArea.get(areaOf(test, areas));
            c[0]++;
            List<String> ids = ids(test, host, eggos);
            for (String id : ids) {
                Verdict h = host.getOrDefault(id, new Verdict("not run", "", "", 0));
                Verdict e = eggos.getOrDefault(id, new Verdict("not run", "", "", 0));
                tsv.append(id).append('\t').append(h.status()).append('\t').append(e.status()).append('\t')
                        .append(e.reason()).append('\n');
                if (!h.status().equals("not run")) {
                    c[2]++;
                    hostMillis += h.millis();
                    hostRuns++;
                }
                if (!e.status().equals("not run")) {
                    eggMillis += e.millis();
                    eggRuns++;
                }
                if (h.passed()) {
                    c[3]++;
                    if (e.passed()) {
                        c[4]++;
                    } else if (!e.status().equals("not run")) {
                        rows.add("| " + id + " | " + e.status() + ": " + cell(e.reason()) + " | "
                                + cell(e.firstException()) + " |");
                    } else {
                        c[5]++;
                    }
                }
            }
        }
        for (String x : excluded) {
            perArea.get(areaOf(x.split("\t")[0], areas))[1]++;
        }
        Files.writeString(dir.resolve("verdicts.tsv"), tsv);

        StringBuilder out = new StringBuilder();
        out.append("# OpenJDK 17 jtreg tests: host vs eggos, ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        out.append("Mode ").append(mode).append(", jtreg -conc:").append(a[5]).append(", eggos timeoutFactor ")
                .append(a[4]).append(" (host 1). Tests from Debian's openjdk-17 source package 17.0.19+10;")
                .append(" JDK: the host's 17 for both.\n\n");
        out.append("tests: the area's test files left after the exclusion rules; run: those of this run (all, or a")
                .append(" sample spread evenly over each area's sorted list). % = eggos passes / host passes that")
                .append(" eggos ran (a partial run leaves some not run).\n\n");
        out.append("| area | excluded by rule | tests | run | run on host | host pass | eggos pass (of host passes)")
                .append(" | eggos not run | % |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int[] total = new int[7];
        perArea.forEach((area, c) -> {
            if (area.equals("(other)") && c[0] == 0 && c[1] == 0) {
                return;
            }
            for (int i = 0; i < 7; i++) {
                total[i] += c[i];
            }
            out.append(row(area, c));
        });
        out.append(row("**total**", total)).append('\n');
        out.append("Mean time per test (jtreg's elapsed, compile included): host ")
                .append(hostRuns == 0 ? "-" : String.format("%.1f s", hostMillis / 1000.0 / hostRuns))
                .append(", eggos ").append(eggRuns == 0 ? "-" : String.format("%.1f s", eggMillis / 1000.0 / eggRuns))
                .append(".\n\n## eggos failures among host passes\n\n| test | eggos verdict | first exception line |\n")
                .append("|---|---|---|\n");
        rows.forEach(r -> out.append(r).append('\n'));
        System.out.print(out);
    }

    private static String row(String area, int[] c) {
        int ran = c[3] - c[5];
        String pct = ran == 0 ? "-" : String.format("%.1f", 100.0 * c[4] / ran);
        return "| " + area + " | " + c[1] + " | " + c[6] + " | " + c[0] + " | " + c[2] + " | " + c[3] + " | " + c[4]
                + " | " + c[5] + " | " + pct + " |\n";
    }

    private static String cell(String s) {
        String t = s.replace("|", "\\|");
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }

    private static String areaOf(String test, List<String> areas) {
        return areas.stream().filter(x -> test.startsWith(x + "/")).findFirst().orElse("(other)");
    }

    /** The result ids of a test file: Foo.java gives Foo.java, and Foo.java#id1... for its other @test blocks. */
    private static List<String> ids(String test, Map<String, Verdict> host, Map<String, Verdict> eggos) {
        TreeMap<String, Boolean> found = new TreeMap<>();
        for (Map<String, Verdict> m : List.of(host, eggos)) {
            m.keySet().stream().filter(k -> k.equals(test) || k.startsWith(test + "#")).forEach(k -> found.put(k, true));
        }
        return found.isEmpty() ? List.of(test) : List.copyOf(found.keySet());
    }

    /** Every .jtr under a work folder, by its test's id (test path, #id for a second @test block). */
    private static Map<String, Verdict> results(Path work) throws IOException {
        Map<String, Verdict> m = new TreeMap<>();
        if (!Files.isDirectory(work)) {
            return m;
        }
        try (Stream<Path> s = Files.walk(work)) {
            for (Path jtr : s.filter(p -> p.toString().endsWith(".jtr")).toList()) {
                verdict(jtr).ifPresent(v -> m.put(id(jtr, work), v));
            }
        }
        return m;
    }

    private static String id(Path jtr, Path work) {
        try {
            for (String line : Files.readAllLines(jtr)) {
                if (line.startsWith("test=")) {
                    return line.substring(line.indexOf('=') + 1).replace("\\#", "#").replace("\\:", ":");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work.relativize(jtr).toString();
    }

    private static Optional<Verdict> verdict(Path jtr) throws IOException {
        List<String> lines = Files.readAllLines(jtr);
        String status = null, reason = "", exception = "";
        long millis = 0;
        for (String line : lines) {
            if (line.startsWith("test result: ")) {
                String r = line.substring("test result: ".length());
                int dot = r.indexOf('.');
                status = dot < 0 ? r : r.substring(0, dot);
                reason = dot < 0 ? "" : r.substring(dot + 1).trim();
            } else if (line.startsWith("elapsed=")) {
                millis = Long.parseLong(line.substring("elapsed=".length()).split(" ")[0]);
            } else if (exception.isEmpty() && line.matches("^(Exception in thread .*|[\\w.$]+(Exception|Error)(: .*)?)$")
                    && !line.startsWith("java.lang.Exception: JUnit test failure")) {
                exception = line;
            }
        }
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(status, reason, exception, millis));
    }
}
