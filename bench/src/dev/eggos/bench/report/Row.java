// One row of the table: a measurement on eggos, the Linux guest and the host, and how to read it.
package dev.eggos.bench.report;

/**
 * A row. {@code skipped} says why the row has no measurements (null when it has them);
 * {@code cause} is the likely cause shown when eggos is slower (empty: none known).
 */
public record Row(String bench, String metric, String unit, Series eggos, Series linux, Series host, String note,
                  String skipped, boolean higherBetter, Kind kind, String cause) {

    /** What the ratio measures, for the words of the verdict. */
    public enum Kind {
        /** Time or rate: "eggos is faster". */
        SPEED,
        /** Memory or bytes: "eggos needs less". */
        SPACE,
        /** The guests' clock check: within 5 % of the host's or not. */
        CLOCK
    }

    public static Row of(String bench, String metric, String unit, Series eggos, Series linux, Series host,
                         String note) {
        return new Row(bench, metric, unit, eggos, linux, host, note, null, false, Kind.SPEED, "");
    }

    public static Row of(String bench, String metric, String unit, Series[] perGuest, String note) {
        return of(bench, metric, unit, perGuest[0], perGuest[1], perGuest[2], note);
    }

    /** A row of eggos alone: the other columns are —. */
    public static Row eggosOnly(String bench, String metric, String unit, Series eggos, String note) {
        return of(bench, metric, unit, eggos, Series.na(), Series.na(), note);
    }

    public static Row skipped(String bench, String metric, String why) {
        return new Row(bench, metric, "", Series.na(), Series.na(), Series.na(), "", why, false, Kind.SPEED, "");
    }

    /** A rate (requests/s, MiB/s): more is better, so eggos is faster when the ratio is above 1. */
    public Row higherIsBetter() {
        return new Row(bench, metric, unit, eggos, linux, host, note, skipped, true, kind, cause);
    }

    public Row kind(Kind k) {
        return new Row(bench, metric, unit, eggos, linux, host, note, skipped, higherBetter, k, cause);
    }

    /** The likely cause to name when eggos is slower (not yet profiled). */
    public Row slowerBecause(String why) {
        return new Row(bench, metric, unit, eggos, linux, host, note, skipped, higherBetter, kind, why);
    }
}
