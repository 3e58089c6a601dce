package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Java runtimes made by jlink, cached as {@code runtimes/KEY} in egg's {@link Cache}, where KEY
 * is the SHA-256 of the JDK's folder, its release file, the module list and the jlink options.
 */
public final class Jlink {
    /** The JDK whose jlink takes --compress=zip-N (older ones take --compress=0|1|2). */
    static final int ZIP_COMPRESS_FEATURE = 21;

    private Jlink() {
    }

    /** jlink's options besides the modules and the output folder. */
    public static List<String> options(Jdk jdk) {
        return List.of("--strip-debug", "--no-header-files", "--no-man-pages",
                jdk.feature() >= ZIP_COMPRESS_FEATURE ? "--compress=zip-6" : "--compress=2");
    }

    /** The cache key of a runtime. */
    public static String key(Jdk jdk, SortedSet<String> modules, List<String> options) {
        return new Cache.Key().add(jdk.home().toString()).add(jdk.release()).add(String.join(",", modules))
                .add(String.join(" ", options)).hex();
    }

    /** The runtime with {@code modules}, linked now unless the cache has it. */
    public static Path runtime(Jdk jdk, SortedSet<String> modules, Progress progress) throws IOException {
        List<String> options = options(jdk);
        String list = String.join(",", modules);
        return Cache.directory("runtimes", key(jdk, modules, options), out -> {
            progress.step("jlink " + list + " (JDK " + jdk.feature() + "; first time for these modules, takes a"
                    + " few seconds)");
            List<String> cmd = new ArrayList<>(List.of(jdk.tool("jlink").toString(), "--add-modules", list));
            cmd.addAll(options);
            cmd.addAll(List.of("--output", out.toString()));
            Tool.run(cmd, out.getParent(), Map.of()).check(progress.err());
        });
    }
}
