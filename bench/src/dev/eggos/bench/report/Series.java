// The values of one table cell as runs add them, or why there are none.
package dev.eggos.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measurements of one guest for one row: median (min–max), or the first failure, or "not applicable". */
public final class Series {
    private final List<Double> values = new ArrayList<>();
    private final boolean notApplicable;
    private String failure;

    public Series() {
        this(false);
    }

    private Series(boolean notApplicable) {
        this.notApplicable = notApplicable;
    }

    /** A cell that has no value by design (shown as —). */
    public static Series na() {
        return new Series(true);
    }

    public static Series of(double v) {
        Series s = new Series();
        s.add(v);
        return s;
    }

    /** One series per column: eggos, the Linux guest, the host. */
    public static Series[] perGuest() {
        return new Series[] {new Series(), new Series(), new Series()};
    }

    public void add(double v) {
        values.add(v);
    }

    /** Marks the cell failed; the first reason is the one shown. */
    public void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public double last() {
        return values.get(values.size() - 1);
    }

    public boolean ok() {
        return !notApplicable && failure == null && !values.isEmpty();
    }

    public double median() {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    public String cell(String unit) {
        if (notApplicable) {
            return "—";
        }
        if (failure != null) {
            return "failed: " + Fmt.oneLine(failure);
        }
        if (values.isEmpty()) {
            return "failed: no value";
        }
        String u = unit.isEmpty() ? "" : " " + unit;
        if (values.size() == 1) {
            return Fmt.num(values.get(0)) + u;
        }
        String range = Fmt.num(Collections.min(values)) + "–" + Fmt.num(Collections.max(values));
        return Fmt.num(median()) + u + " (" + range + ")";
    }
}
