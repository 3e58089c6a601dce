package dev.eggos.egg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel runs: the file {@value #PATH} of the image. It is a sequence of
 * NUL-terminated strings:
 *
 * <pre>
 * EGGOS1  executable  working-directory  argc  argv[0] ... argv[argc-1]  envc  env[0] ... env[envc-1]
 * </pre>
 *
 * argc and envc are decimal; each env string is {@code KEY=VALUE}. UTF-8 throughout.
 */
public record ExecSpec(String executable, String cwd, List<String> argv, Map<String, String> env) {
    public static final String PATH = "/eggos/exec";
    public static final String MAGIC = "EGGOS1";

    /** The environment a program gets unless {@code -e} says otherwise. */
    public static Map<String, String> defaultEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/usr/bin");
        env.put("HOME", "/root");
        env.put("TERM", "linux");
        return env;
    }

    public ExecSpec {
        argv = List.copyOf(argv);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv needs at least argv[0]");
        }
        noNul("the executable path", executable);
        noNul("the working directory", cwd);
        for (String a : argv) {
            noNul("an argument", a);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
                throw EggException.usage("bad environment variable name '" + e.getKey() + "'");
            }
            noNul("an environment variable", e.getKey() + "=" + e.getValue());
        }
    }

    /** The same command in the working directory {@code dir} instead (--workdir). */
    public ExecSpec in(String dir) {
        return new ExecSpec(executable, dir, argv, env);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, MAGIC);
        put(out, executable);
        put(out, cwd);
        put(out, Integer.toString(argv.size()));
        for (String a : argv) {
            put(out, a);
        }
        put(out, Integer.toString(env.size()));
        for (Map.Entry<String, String> e : env.entrySet()) {
            put(out, e.getKey() + "=" + e.getValue());
        }
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static void noNul(String what, String s) {
        if (s.indexOf('\0') >= 0) {
            throw EggException.usage(what + " contains a NUL byte: " + s.replace('\0', '?'));
        }
    }
}
