// The Markdown table of the report: its rows as text with a verdict each, and a check of its shape.
package dev.eggos.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes rows as Markdown and checks that a written table is well-formed. */
public final class Table {
    public static final String HEADER = "| benchmark | what | eggos | Linux guest | host | eggos / Linux | notes |\n"
            + "| --- | --- | --- | --- | --- | --- | --- |";

    private Table() {
    }

    public static String markdown(Row r) {
        if (r.skipped() != null) {
            return "| " + r.bench() + " | " + r.metric() + " | skipped | skipped | — | — | " + r.skipped() + " |";
        }
        String ratio = "—";
        String verdict = "";
        if (r.eggos().ok() && r.linux().ok()) {
            double ratioValue = r.eggos().median() / r.linux().median();
            ratio = String.format(Locale.ROOT, "%.2f", ratioValue);
            verdict = verdict(r, ratioValue);
        }
        return "| " + r.bench() + " | " + r.metric() + " | " + r.eggos().cell(r.unit()) + " | "
                + r.linux().cell(r.unit()) + " | " + r.host().cell(r.unit()) + " | " + ratio + " | "
                + (verdict + r.note()).trim() + " |";
    }

    /** What the ratio of the medians (eggos / Linux) says, as the start of the notes cell. */
    private static String verdict(Row r, double ratio) {
        if (r.kind() == Row.Kind.CLOCK) {
            double e = r.eggos().median() - 1;
            double l = r.linux().median() - 1;
            return Math.abs(e) > 0.05 || Math.abs(l) > 0.05
                    ? String.format(Locale.ROOT, "**a guest's clock is off** (eggos %+.0f %%, Linux %+.0f %%):"
                            + " its in-guest timings are off by as much. ", e * 100, l * 100)
                    : "both guest clocks within 5 % of the host's. ";
        }
        boolean hb = r.higherBetter();
        String verdict;
        if (hb ? ratio > 1.10 : ratio < 0.91) {
            verdict = "eggos is faster. ";
        } else if (hb ? ratio < 0.91 : ratio > 1.10) {
            double slower = hb ? 1 / ratio : ratio;
            verdict = "**eggos is slower here** (×" + String.format(Locale.ROOT, "%.2f", slower) + ")"
                    + (r.cause().isEmpty() ? "" : "; likely cause (not yet profiled): " + r.cause()) + ". ";
        } else {
            verdict = "on par (within 10 %). ";
        }
        if (r.kind() == Row.Kind.SPACE) {
            verdict = verdict.replace("is faster", "needs less").replace("is slower here", "needs more here");
        }
        return verdict;
    }

    /** What is wrong with the report's table: rows of unequal cells, no rows, failed measurements. */
    public static List<String> check(String report) {
        List<String> problems = new ArrayList<>();
        List<String> table = report.lines().filter(l -> l.startsWith("|")).collect(Collectors.toList());
        if (table.size() < 3) {
            problems.add("the table has no rows");
            return problems;
        }
        int cells = cells(table.get(0));
        for (String l : table) {
            if (cells(l) != cells || !l.endsWith("|")) {
                problems.add("malformed row: " + l);
            }
        }
        if (!table.get(1).matches("\\|( --- \\|)+")) {
            problems.add("bad separator row: " + table.get(1));
        }
        for (String l : table.subList(2, table.size())) {
            if (l.contains("failed") || l.contains("NaN")) {
                problems.add("a measurement failed: " + l);
            }
        }
        return problems;
    }

    private static int cells(String row) {
        // Cells are separated by unescaped pipes; no cell of ours contains one.
        return row.split("\\|", -1).length - 2;
    }
}
