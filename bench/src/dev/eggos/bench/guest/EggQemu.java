// Learns QEMU's command line from egg itself (EGG_DEBUG=1 makes egg print it) while it boots the C hello.
package dev.eggos.bench.guest;

import dev.eggos.bench.options.Options;
import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Results;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Asks egg for its QEMU command, so that any change to egg's flags reaches the Linux guest too. */
public final class EggQemu {
    /** What the C hello prints. */
    public static final String MARKER = "hello eggos";

    private final Options options;
    private final Results results;

    public EggQemu(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    /**
     * Boots the C hello once with {@code egg run --accel tcg ... EGG_OPTIONS} and EGG_DEBUG set,
     * and returns the QEMU command egg printed, without its -qmp options (empty if it printed none).
     */
    public List<String> command(List<String> eggOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(options.egg().toString(), "run", "--accel", "tcg", "--mem",
                options.mem(), "--cpus", Integer.toString(options.cpus()), "--timeout", "60"));
        cmd.addAll(eggOptions);
        cmd.add(options.cbin().resolve("hello").toString());
        Proc p = ProcessRunner.run(Command.helper(cmd, options.root(), Map.of("EGG_DEBUG", "1"), 300));
        if (!p.lines().contains(MARKER) || p.status() != 0) {
            Log.say("warning: `egg run " + String.join(" ", eggOptions) + "` of the C hello did not print '" + MARKER
                    + "' and exit 0 (status " + p.status() + "): " + p.lastLines(5));
            results.fail();
        }
        for (String line : p.lines()) {
            if (line.startsWith("egg: ") && line.contains("qemu-system-")) {
                List<String> words = words(line.substring(5).trim());
                if (words.contains("-kernel") && words.contains("-initrd") && words.contains("-append")
                        && words.contains("-m")) {
                    return withoutQmp(words);
                }
            }
        }
        return List.of();
    }

    /**
     * egg prints its command joined with spaces: the kernel command line after -append may be
     * several words (up to the next option), kept as one.
     */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        String[] split = command.split(" ");
        for (int i = 0; i < split.length; i++) {
            words.add(split[i]);
            if (split[i].equals("-append")) {
                List<String> cmdline = new ArrayList<>();
                while (i + 1 < split.length && !split[i + 1].startsWith("-")) {
                    cmdline.add(split[++i]);
                }
                words.add(String.join(" ", cmdline));
            }
        }
        return words;
    }

    /**
     * egg's command without its -qmp options: egg listens on them (SIGTERM's graceful stop) in a
     * folder of its own that is gone once egg ends, and the bench drives QEMU itself.
     */
    private static List<String> withoutQmp(List<String> words) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("-qmp") && i + 1 < words.size()) {
                i++;
            } else {
                kept.add(words.get(i));
            }
        }
        return kept;
    }
}
