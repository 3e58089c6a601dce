// What a bench run has found so far: the table's rows, the notes under it, and how many things failed.
package dev.eggos.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows and notes of the report, in the order they were found, and the count of failures
 * (harness errors, guests printing different results): any makes bench/run exit 1.
 */
public final class Results {
    private final List<Row> rows = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private int failures;

    public void add(Row r) {
        rows.add(r);
    }

    /** A note under the table; the same note twice is shown once. */
    public void note(String s) {
        notes.add(s);
    }

    /** Something went wrong that has no row or note of its own to show it. */
    public void fail() {
        failures++;
    }

    /** The harness itself failed (an I/O error): logged, noted, and the run fails. */
    public void harnessError(String what, Exception e) {
        failures++;
        Log.say(what + ": " + e);
        note(what + ": the harness failed: " + e);
    }

    /** Guest runs printed different results (a wrong digest, a wrong sieve): the run fails. */
    public void outputsDiffer(String bench, String how) {
        failures++;
        Log.say(bench + ": the guests' outputs differ: " + how);
        note(bench + ": **the guests' outputs differ** (bench/run fails): " + how);
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public int failures() {
        return failures;
    }
}
