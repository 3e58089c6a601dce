// The command of an egg image (/eggos/exec), which the Linux guest and the host run the same way.
package dev.eggos.bench.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command egg wrote to /eggos/exec: executable, working folder, argv, environment. */
public record Exec(String executable, String cwd, List<String> argv, Map<String, String> env) {

    /**
     * Reads egg's format: NUL-terminated strings, {@code EGGOS1 executable cwd argc argv... envc
     * env...} (egg-cli's ExecSpec writes it).
     */
    public static Exec decode(byte[] data) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                parts.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (parts.isEmpty() || !parts.get(0).equals("EGGOS1")) {
            throw new IllegalStateException("eggos/exec is not EGGOS1: egg's format changed; update bench's Exec.java");
        }
        int k = 1;
        String exe = parts.get(k++);
        String cwd = parts.get(k++);
        int argc = Integer.parseInt(parts.get(k++));
        List<String> argv = new ArrayList<>(parts.subList(k, k + argc));
        k += argc;
        int envc = Integer.parseInt(parts.get(k++));
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : parts.subList(k, k + envc)) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Exec(exe, cwd, argv, env);
    }
}
