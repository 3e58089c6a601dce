// How numbers and sizes read in the table: three significant digits, MiB.
package dev.eggos.bench.report;

import java.util.Locale;

/** Number formats of the report. */
public final class Fmt {
    private Fmt() {
    }

    /** Three significant digits or so: 1234, 12.3, 1.23, 0.123. */
    public static String num(double v) {
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    public static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    public static String mibs(long bytes) {
        return num(mib(bytes)) + " MiB";
    }

    /** Text fit for a table cell: one line, pipes escaped. */
    public static String oneLine(String s) {
        return s.replace('\n', ' ').replace("|", "\\|").trim();
    }

    /** A duration as the report's header gives it: "42 s", "3 min 5 s". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
