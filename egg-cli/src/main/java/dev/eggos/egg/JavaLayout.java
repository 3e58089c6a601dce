package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initramfs of a Java program: the standard tree ({@link ImageLayout#base()}), the jlinked
 * runtime at {@value #JAVA_HOME}, the interpreter and the shared libraries the runtime loads
 * (at their host paths, so the guest's ld.so finds them in its default directories; no
 * ld.so.cache), the program under {@value JavaApp#DIR}, which is also the working directory,
 * {@code /etc/localtime} for UTC, and glibc's C.UTF-8 locale (the last two from the host, when it
 * has them).
 */
public final class JavaLayout {
    public static final String JAVA_HOME = "/opt/java";
    public static final String JAVA = JAVA_HOME + "/bin/java";
    private static final Path UTC = Path.of("/usr/share/zoneinfo/Etc/UTC");
    /** glibc's C.UTF-8 locale, which LANG=C.UTF-8 needs (without it the JVM falls back to ASCII). */
    private static final Path C_UTF8 = Path.of("/usr/lib/locale/C.utf8");

    private JavaLayout() {
    }

    /** The environment a Java program gets unless {@code -e} says otherwise (LANG as a host shell has it). */
    public static Map<String, String> defaultEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", JAVA_HOME + "/bin:/bin:/usr/bin");
        env.put("HOME", "/root");
        env.put("TERM", "linux");
        env.put("LANG", "C.UTF-8");
        env.put("JAVA_HOME", JAVA_HOME);
        return env;
    }

    /** {@code java [JVM options] LAUNCH [ARGS]} in {@value JavaApp#DIR}, with the default environment and {@code env} on top. */
    public static ExecSpec exec(JavaApp app, List<String> jvmOptions, List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        argv.add(JAVA);
        argv.addAll(jvmOptions);
        argv.addAll(app.launch());
        argv.addAll(args);
        Map<String, String> all = defaultEnv();
        all.putAll(env);
        return new ExecSpec(JAVA, JavaApp.DIR, argv, all);
    }

    /**
     * The image.
     *
     * @param runtime the jlinked runtime on the host
     * @param libs    what bin/java and the runtime's other ELF files ({@link #nativeFiles}) load
     * @param files   the user's --file mappings
     */
    public static Image of(Path runtime, Libraries.Closure libs, JavaApp app, ExecSpec exec, List<FileMapping> files)
            throws IOException {
        Image image = ImageLayout.base();
        image.copy(runtime, JAVA_HOME);
        if (libs.interpreter().isPresent()) {
            image.copy(Path.of(libs.interpreter().get()), libs.interpreter().get());
        }
        Path inside = runtime.toRealPath();
        for (Libraries.Library lib : libs.libraries()) {
            if (lib.path().toRealPath().startsWith(inside)) {
                continue; // part of the runtime, already there
            }
            String guest = lib.path().toString();
            image.copy(lib.path(), guest);
            String alias = lib.soname().map(s -> lib.path().resolveSibling(s).toString()).orElse(guest);
            if (image.get(alias).isEmpty()) {
                image.symlink(alias, lib.name());
            }
        }
        if (Files.isRegularFile(UTC)) {
            image.copy(UTC, UTC.toString());
            image.symlink("/etc/localtime", UTC.toString());
        }
        if (Files.isDirectory(C_UTF8)) {
            image.copy(C_UTF8, C_UTF8.toString());
        }
        for (FileMapping f : app.files()) {
            image.copy(f.host(), f.guest());
        }
        ImageLayout.finish(image, exec, files);
        return image;
    }

    /** The ELF files of a runtime other than bin/java (its libraries, helper programs), sorted. */
    public static List<Path> nativeFiles(Path runtime) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.walk(runtime)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (Elf.isX8664(p) && !p.equals(runtime.resolve("bin/java"))) {
                    found.add(p);
                }
            }
        }
        return found;
    }
}
