package dev.eggos.egg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A folder of .java files (in packages or not), compiled with the chosen JDK's javac. */
public final class JavaSources {
    private JavaSources() {
    }

    /** The .java files under {@code dir}, sorted; hidden folders (.git) are passed over. */
    public static List<Path> find(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> !hidden(dir.relativize(p)))
                    .sorted()
                    .forEach(found::add);
        }
        return found;
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The classes of the sources under {@code dir}, compiled for the JDK's own release, or taken
     * from egg's {@link Cache} ({@code classes/KEY}, KEY being the SHA-256 of the JDK, javac's
     * options and the sources) when they were compiled before. javac's errors go to stderr.
     */
    public static Path compile(Jdk jdk, Path dir, String display, Progress progress) throws IOException {
        List<Path> sources = find(dir);
        List<String> options = List.of("--release", Integer.toString(jdk.feature()), "-encoding", "UTF-8");
        Cache.Key key = new Cache.Key().add(jdk.home().toString()).add(jdk.release()).add(options);
        for (Path source : sources) {
            key.add(dir.relativize(source).toString()).addTree(source);
        }
        return Cache.directory("classes", key.hex(), classes -> {
            progress.step("javac --release " + jdk.feature() + " (" + sources.size()
                    + (sources.size() == 1 ? " file" : " files") + " in " + display + ")");
            Files.createDirectories(classes);
            Path argfile = classes.resolveSibling("javac-sources.txt");
            Files.write(argfile, sources.stream().map(p -> quote(p.toAbsolutePath().toString())).toList(),
                    StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(jdk.tool("javac").toString()));
            cmd.addAll(options);
            cmd.addAll(List.of("-d", classes.toString(), "@" + argfile));
            Tool.run(cmd, dir, Map.of()).check(progress.err());
        });
    }

    /** An argument in a javac @file: in double quotes, with backslashes and quotes escaped. */
    static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
