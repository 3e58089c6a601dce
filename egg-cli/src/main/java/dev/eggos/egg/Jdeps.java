package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The JDK modules a program needs, as the chosen JDK's jdeps finds them. */
public final class Jdeps {
    /** What egg links when jdeps fails: Java SE, and what programs commonly use beyond it. */
    static final List<String> FALLBACK = List.of("java.se", "jdk.crypto.ec", "jdk.httpserver", "jdk.unsupported",
            "jdk.zipfs");

    private Jdeps() {
    }

    /**
     * The modules for {@code classPath} (folders of classes and jars), plus {@code extra}
     * (--add-modules). When jdeps fails, {@link #FALLBACK}, with a warning. jdeps's answers are
     * cached as {@code jdeps/KEY} in egg's {@link Cache}, KEY being the SHA-256 of the JDK and
     * the class path's contents, since jdeps takes about a second even for one class.
     */
    public static SortedSet<String> modules(Jdk jdk, List<Path> classPath, List<String> extra, Progress progress)
            throws IOException {
        Set<String> available = jdk.modules();
        SortedSet<String> modules = new TreeSet<>(extra);
        List<String> flags = List.of("--print-module-deps", "--ignore-missing-deps", "--multi-release",
                Integer.toString(jdk.feature()));
        Cache.Key key = new Cache.Key().add(jdk.home().toString()).add(jdk.release()).add(flags);
        for (Path p : classPath) {
            key.add(p.getFileName().toString()).addTree(p);
        }
        String hex = key.hex();
        Optional<List<String>> found = Cache.read("jdeps", hex).flatMap(Jdeps::parse);
        if (found.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of(jdk.tool("jdeps").toString()));
            cmd.addAll(flags);
            classPath.forEach(p -> cmd.add(p.toString()));
            Tool.Result r = Tool.run(cmd, Path.of("").toAbsolutePath(), Map.of());
            found = r.status() == 0 ? parse(r.out()) : Optional.empty();
            if (found.isPresent()) {
                Cache.write("jdeps", hex, String.join(",", found.get()));
            } else {
                String why = (r.err() + r.out()).strip().lines().findFirst().orElse("status " + r.status());
                progress.warn("jdeps could not tell which modules " + String.join(" ", classPath.stream()
                        .map(Path::toString).toList()) + " needs (" + why + "); linking "
                        + String.join(",", FALLBACK));
                found = Optional.of(FALLBACK.stream().filter(m -> available.isEmpty() || available.contains(m))
                        .toList());
            }
        }
        modules.addAll(found.get());
        modules.add("java.base");
        return modules;
    }

    /** The module list jdeps --print-module-deps printed (its last line, like "java.base,java.logging"). */
    static Optional<List<String>> parse(String out) {
        List<String> lines = out.strip().lines().toList();
        if (lines.isEmpty()) {
            return Optional.of(List.of());
        }
        String last = lines.get(lines.size() - 1).strip();
        if (!last.matches("[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*")) {
            return Optional.empty();
        }
        return Optional.of(Arrays.asList(last.split(",")));
    }
}
