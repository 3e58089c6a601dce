package dev.eggos.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/** Boots programs in eggos with `java -jar egg.jar run ...`, as a person would. */
final class EggRun {
    /** egg's own --timeout; the hard limit on the egg process is a little longer. */
    static final int EGG_TIMEOUT_SECONDS = 60;
    static final Duration HARD_TIMEOUT = Duration.ofSeconds(EGG_TIMEOUT_SECONDS + 45);

    private EggRun() {
    }

    static Path repoRoot() {
        String p = System.getProperty("repo.root");
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        // Not run through Maven: find the repository from the working directory (tests/ or the root).
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("tests/conformance")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }

    /** egg.jar from the system property egg.jar, else <repo>/egg-cli/target/egg.jar; null when missing. */
    static Path eggJar() {
        String p = System.getProperty("egg.jar");
        Path jar = p != null && !p.isBlank() ? Path.of(p) : repoRoot().resolve("egg-cli/target/egg.jar");
        return Files.isRegularFile(jar) ? jar : null;
    }

    /** egg.jar, or a test failure that says how to build it. */
    static Path requireEggJar() {
        Path jar = eggJar();
        if (jar == null) {
            throw new AssertionError(whyUnavailable());
        }
        return jar;
    }

    /**
     * With -Dconformance.hostOnly=true (a developer's shortcut) the test stops here, before any guest
     * runs, and says so on stderr; it is reported as skipped, which .ci/run fails on.
     */
    static void skipIfHostOnly(String what) {
        if (Boolean.getBoolean("conformance.hostOnly")) {
            System.err.println("WARNING: " + what + ": eggos NOT RUN (-Dconformance.hostOnly=true)");
            Assumptions.abort(what + ": eggos half skipped (-Dconformance.hostOnly=true)");
        }
    }

    /**
     * A C program of the repository (path relative to its root) built static, for a test that
     * boots it: a missing egg.jar fails the test, never skips it.
     */
    static Path bootableProgram(String source) throws IOException, InterruptedException {
        org.junit.jupiter.api.Assertions.assertNotNull(eggJar(), whyUnavailable());
        return ConformanceTest.compile(repoRoot().resolve(source));
    }

    static String whyUnavailable() {
        return "egg.jar not found (system property egg.jar, or " + repoRoot().resolve("egg-cli/target/egg.jar")
                + "): build it with `mvn -B verify` (or `mvn -B package -pl egg -am`)";
    }

    /** java -jar egg.jar args, with this JVM's java. */
    static List<String> command(List<String> args) {
        Path jar = requireEggJar();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(args);
        return cmd;
    }

    /** egg args, killed with QEMU under it after timeout. */
    static Proc.Result egg(List<String> args, Duration timeout) throws IOException, InterruptedException {
        return Proc.run(command(args), null, Map.of(), timeout);
    }

    /** egg run [eggOptions] program -- args; the result's stdout is the console's, as it came. */
    static Proc.Result run(Path program, List<String> eggOptions, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(EGG_TIMEOUT_SECONDS)));
        cmd.addAll(eggOptions);
        cmd.add(program.toString());
        cmd.add("--");
        cmd.addAll(args);
        return egg(cmd, HARD_TIMEOUT);
    }

    /**
     * What egg's stdout must be, exactly, when a program in an image of egg pack (booted through
     * GRUB, whose kernel command line egg cannot extend) writes {@code written}: its stdout is the
     * console, a tty with ONLCR, so each "\n" arrives as "\r\n" and every other byte (a "\r" too) as
     * it was written. A program egg boots itself writes to a file or a pipe when egg's stdout is
     * one (as in every test): its bytes arrive as written, with nothing to translate.
     */
    static String onPackedImage(String written) {
        return written.replace("\n", "\r\n");
    }

    /** Says what egg's own statuses mean (egg-cli's ExitCodes), which a program may also exit with. */
    static String explainStatus(int status) {
        return switch (status) {
            case 124 -> " (egg: --timeout expired)";
            case 125 -> " (egg failed: bad arguments, QEMU failed, kernel panic?)";
            case 126 -> " (egg or the kernel cannot run the program?)";
            case 127 -> " (egg or the kernel did not find the program?)";
            default -> "";
        };
    }
}
