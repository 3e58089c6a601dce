package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A Maven project: packaged with the chosen JDK, its runtime dependencies copied next to its jar. */
public final class MavenProject {
    public static final List<String> PACKAGES = List.of("maven");

    private MavenProject() {
    }

    /** Runs {@code mvn package} in {@code dir} and returns the program it made. */
    public static JavaApp build(Jdk jdk, Path dir, String display, String chosenMain, Progress progress)
            throws IOException {
        Path mvn = Host.which("mvn").orElseThrow(() -> EggException.environment(display
                + " is a Maven project and Maven is missing: run `" + Host.installCommand(PACKAGES) + "`"));
        Path target = dir.resolve("target");
        Path dependencies = target.resolve("dependency");
        FileTrees.delete(dependencies); // only this build's dependencies
        progress.step("mvn package (" + display + ")");
        Tool.run(List.of(mvn.toString(), "-q", "-B", "package", "dependency:copy-dependencies", "-DskipTests",
                "-DincludeScope=runtime"), dir, Map.of("JAVA_HOME", jdk.home().toString())).check(progress.err());
        return JavaApp.maven(jdk, appJar(target, display), jars(dependencies), display, chosenMain);
    }

    /** The jar {@code mvn package} made in {@code target}: the one that is not sources, javadoc or tests. */
    static Path appJar(Path target, String display) throws IOException {
        List<Path> jars = jars(target).stream().filter(p -> isAppJar(p.getFileName().toString())).toList();
        if (jars.size() == 1) {
            return jars.get(0);
        }
        if (jars.isEmpty()) {
            throw EggException.cannotRun(display + ": mvn package made no jar in target/ (is its packaging jar?)");
        }
        throw EggException.cannotRun(display + ": target/ has several jars (" + String.join(", ",
                jars.stream().map(p -> p.getFileName().toString()).toList()) + "); remove the old ones"
                + " (mvn clean) and try again");
    }

    /** Whether a jar in target/ is the program (not its sources, javadoc, tests, or a shade plugin's original). */
    static boolean isAppJar(String name) {
        return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                && !name.endsWith("-tests.jar") && !name.startsWith("original-");
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                    .toList();
        }
    }
}
