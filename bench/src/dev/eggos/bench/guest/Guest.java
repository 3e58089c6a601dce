// The three places a program runs in the benchmarks: eggos, the Linux guest, the host.
package dev.eggos.bench.guest;

import dev.eggos.bench.proc.ExitWatch;
import dev.eggos.bench.proc.Proc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Where a run happens, in the table's column order. */
public enum Guest {
    EGGOS("eggos"), LINUX("Linux guest"), HOST("host");

    private static final Predicate<String> PANIC = l -> l.equals("eggos:panic") || l.contains("Kernel panic");

    public final String label;

    Guest(String label) {
        this.label = label;
    }

    /**
     * The line that ends a guest's run: {@code eggos:exit=N} on eggos' log port (stderr), the
     * Linux /init's {@code bench:exit=N} on its console (stdout); none for the host.
     */
    ExitWatch exitWatch() {
        return switch (this) {
            case EGGOS -> new ExitWatch(true, Pattern.compile("eggos:exit=([0-9]+)"), PANIC);
            case LINUX -> new ExitWatch(false, Pattern.compile("bench:exit=([0-9]+)"), PANIC);
            case HOST -> null;
        };
    }

    /** The program's own stdout: for Linux, what came between /init's markers, minus kernel messages. */
    public List<String> programOutput(Proc p) {
        List<String> out = p.outLines();
        if (this != LINUX) {
            return out;
        }
        int a = out.indexOf("bench:init");
        List<String> r = new ArrayList<>();
        for (String l : out.subList(a + 1, out.size())) {
            if (l.startsWith("bench:exit=")) {
                break;
            }
            if (!l.matches("\\[ *[0-9]+\\.[0-9]+\\] .*") && !l.startsWith("bench:uptime ")) {
                r.add(l);
            }
        }
        return r;
    }
}
