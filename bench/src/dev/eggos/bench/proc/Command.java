// A command to run: its words, folder, environment, timeout, and for a guest the line that ends it.
package dev.eggos.bench.proc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link ProcessRunner} runs. {@code env} is added to the inherited environment, or replaces
 * it with {@code clearEnv}; {@code watch} is null for a host program or a helper command (egg,
 * git, ...), whose end is the process's own.
 */
public record Command(List<String> argv, Path cwd, Map<String, String> env, boolean clearEnv, long timeoutSeconds,
                      ExitWatch watch) {

    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** A helper command: inherited environment plus {@code env}, no exit line. */
    public static Command helper(List<String> argv, Path cwd, Map<String, String> env, long timeoutSeconds) {
        return new Command(argv, cwd, env, false, timeoutSeconds, null);
    }
}
