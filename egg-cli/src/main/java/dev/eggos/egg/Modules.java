package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JDK modules egg links for a Java program: every module it may reach, so that a jar that runs
 * with {@code java -jar} runs in eggos with no flags. That is the union of
 * <ul>
 * <li>what jdeps finds (static references) in every jar the program will load ({@link ProgramJars});
 * <li>the modules of the classes and packages named in those classes' constant pools, which is how
 *     reflection reaches them ({@code Class.forName("sun.misc.Unsafe")}: jdk.unsupported);
 * <li>the providers of each JDK service the program names ({@code ToolProvider.getSystemJavaCompiler()}
 *     returns a {@code javax.tools.JavaCompiler}, which jdk.compiler provides) or declares in its
 *     {@code META-INF/services};
 * <li>{@link #DEFAULTS} and {@link #LOADED_BY}, which the JDK loads by name from strings the program
 *     passes at run time;
 * <li>--add-modules.
 * </ul>
 */
public final class Modules {
    /**
     * What the JDK loads by name, whatever the program's classes say: the EC and EdDSA security
     * provider (KeyPairGenerator.getInstance("Ed25519"), TLS; +0.1 MB), the zip file system
     * (FileSystems.newFileSystem of a zip; +0.1 MB), the extended charsets (Charset.forName("Big5");
     * +1.1 MB), sun.misc.Unsafe (probed in many ways by libraries; +0.02 MB). Not jdk.localedata
     * (+9 MB): locales other than English need --add-modules jdk.localedata.
     */
    static final List<String> DEFAULTS = List.of("jdk.charsets", "jdk.crypto.ec", "jdk.unsupported", "jdk.zipfs");
    /** Modules a module loads by name when it is in the image: JNDI's {@code dns:} URLs (+0.1 MB). */
    static final Map<String, String> LOADED_BY = Map.of("java.naming", "jdk.naming.dns");
    /** Bumped when the analysis changes, so that cached answers of the old one are not used. */
    private static final String ANALYSIS = "names-v1";

    private Modules() {
    }

    /**
     * The modules of the program that loads {@code jars} (its class path expanded by {@link
     * ProgramJars#expand}); all the JDK's with {@code all}.
     */
    public static SortedSet<String> select(Jdk jdk, List<Path> jars, List<String> extra, boolean all,
                                           Progress progress) throws IOException {
        if (all) {
            SortedSet<String> every = new TreeSet<>(jdk.modules());
            if (every.isEmpty()) {
                throw EggException.usage("--jdk-modules all: the release file of " + jdk.home()
                        + " lists no modules");
            }
            return every;
        }
        SortedSet<String> modules = Jdeps.modules(jdk, jars, extra, progress);
        try {
            modules.addAll(reached(jdk, jars));
        } catch (IOException e) {
            progress.warn("could not read the classes of " + String.join(" ", jars.stream()
                    .map(Path::toString).toList()) + " (" + e.getMessage() + "); linking the modules jdeps"
                    + " finds and " + String.join(",", DEFAULTS));
        }
        Set<String> available = jdk.modules();
        DEFAULTS.stream().filter(m -> available.isEmpty() || available.contains(m)).forEach(modules::add);
        for (String m : List.copyOf(modules)) {
            Optional.ofNullable(LOADED_BY.get(m)).filter(available::contains).ifPresent(modules::add);
        }
        return modules;
    }

    /**
     * The modules that the names in {@code jars}' classes reach, cached as {@code modules/KEY} in
     * egg's {@link Cache} (KEY: the SHA-256 of the JDK and the jars' contents), since reading
     * every class of a large program takes seconds.
     */
    static SortedSet<String> reached(Jdk jdk, List<Path> jars) throws IOException {
        Cache.Key key = new Cache.Key().add(ANALYSIS).add(jdk.home().toString()).add(jdk.release());
        for (Path p : jars) {
            key.add(p.getFileName().toString()).addTree(p);
        }
        String hex = key.hex();
        Optional<String> cached = Cache.read("modules", hex);
        if (cached.isPresent()) {
            return new TreeSet<>(cached.get().isEmpty() ? List.of() : Arrays.asList(cached.get().split(",")));
        }
        SortedSet<String> modules = reached(JdkModules.of(jdk), ProgramJars.names(jars));
        Cache.write("modules", hex, String.join(",", modules));
        return modules;
    }

    /** The modules that {@code names} (of classes, packages, services) reach in {@code jdk}. */
    static SortedSet<String> reached(JdkModules jdk, Set<String> names) {
        SortedSet<String> modules = new TreeSet<>();
        for (String name : names) {
            jdk.moduleOf(name).ifPresent(modules::add);
            modules.addAll(jdk.providers().getOrDefault(name, new TreeSet<>()));
        }
        return modules;
    }
}
