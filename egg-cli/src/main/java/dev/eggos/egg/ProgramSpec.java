package dev.eggos.egg;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program to put in an image: a static executable, its arguments, extra files, and the
 * environment variables given with {@code -e} (on top of {@link ExecSpec#defaultEnv()}).
 *
 * @param display how the user named the program (for messages)
 */
public record ProgramSpec(Path program, String display, List<String> args, List<FileMapping> files,
                          Map<String, String> env) {

    public ProgramSpec {
        args = List.copyOf(args);
        files = List.copyOf(files);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The program's file name: it goes to {@code /bin/<name>}. */
    public String name() {
        Path n = program.getFileName();
        return n == null ? "program" : n.toString();
    }

    /** Where the program lives in the image. */
    public String guestPath() {
        return "/bin/" + name();
    }

    /** Parses {@code -e KEY=VALUE} options, in order; a later one wins. */
    public static Map<String, String> parseEnv(List<String> options) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw EggException.usage("-e " + kv + ": write -e KEY=VALUE");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return env;
    }
}
