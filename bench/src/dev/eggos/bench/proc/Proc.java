// A finished process (a guest's QEMU, a host run, a helper command): its timed lines and how it ended.
package dev.eggos.bench.proc;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How a run ended. {@code exit} is the guest's exit status from its exit line (a host run's or a
 * helper's own status), null when none came; {@code exitAt} is when, in seconds from the start;
 * {@code status} is the process's own status (124 at the timeout).
 */
public record Proc(List<Line> timed, int status, Integer exit, double exitAt, boolean timedOut, boolean aborted,
                   boolean panicked) {

    public Proc {
        timed = List.copyOf(timed);
    }

    /** Every line's text, both streams, in the order they arrived. */
    public List<String> lines() {
        return timed.stream().map(Line::text).collect(Collectors.toList());
    }

    public boolean ok() {
        return !timedOut && !aborted && !panicked && exit != null && exit == 0;
    }

    /** Why the run is not {@link #ok}, in a few words. */
    public String why() {
        if (timedOut) {
            return "timeout";
        }
        if (aborted) {
            return "stopped by the harness";
        }
        if (panicked) {
            return "kernel panic";
        }
        if (exit == null) {
            return "QEMU ended without an exit line (status " + status + ")";
        }
        return "exit status " + exit;
    }

    /** When the first stdout line matching {@code p} came. */
    public Optional<Double> firstOut(Predicate<String> p) {
        return timed.stream().filter(l -> !l.err() && p.test(l.text())).map(Line::t).findFirst();
    }

    /** When the first stderr line matching {@code p} came. */
    public Optional<Double> firstErr(Predicate<String> p) {
        return timed.stream().filter(l -> l.err() && p.test(l.text())).map(Line::t).findFirst();
    }

    public List<String> errLines() {
        return timed.stream().filter(Line::err).map(Line::text).collect(Collectors.toList());
    }

    public List<String> outLines() {
        return timed.stream().filter(l -> !l.err()).map(Line::text).collect(Collectors.toList());
    }

    /** The last {@code n} lines, joined with " / ". */
    public String lastLines(int n) {
        List<String> lines = lines();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    public String summary() {
        return (ok() ? "ok" : why()) + String.format(Locale.ROOT, ", exit line at %.3f s", exitAt);
    }
}
