package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java examples (examples/helloworld, examples/prime-sieve) booted in eggos with the stock
 * JVM of a jlinked JDK, as `egg run examples/NAME` does: stdout and the exit status must be
 * those of the same program run on the host with the same JDK and JVM options.
 *
 * <p>The matrix: both examples with JDK 17 and JDK 25 (prime-sieve with N=200, and once with its
 * default of 1000 threads); with JDK 17 also under -Xint, C1 only, and each of G1, Parallel and
 * Serial GC. JDK 17 is required (installed as root); JDK 25 (Temurin) is skipped where absent. {@code -Djava.examples.only=prime-sieve}
 * runs only the named example.
 */
class JavaExamplesTest {
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    static final List<String> JVM_VARIANTS = List.of("-Xint", "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC",
            "-XX:+UseParallelGC", "-XX:+UseSerialGC");
    static final Duration HOST_TIMEOUT = Duration.ofSeconds(60);
    static final Duration JAVAC_TIMEOUT = Duration.ofSeconds(120);

    /** A program: its folder (from the repository's root), its main class, its arguments. */
    record Example(String dir, String mainClass, List<String> args) {
        String label() {
            String name = Path.of(dir).getFileName().toString();
            return args.isEmpty() ? name : name + " " + String.join(" ", args);
        }
    }

    static final Example HELLO = new Example("examples/helloworld", "HelloWorld", List.of());
    static final Example SIEVE_200 = new Example("examples/prime-sieve", "PrimeSieve", List.of("200"));
    static final Example SIEVE_DEFAULT = new Example("examples/prime-sieve", "PrimeSieve", List.of());

    @TestFactory
    Stream<DynamicTest> javaExamples() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path jdk : List.of(JDK17, JDK25)) {
            for (Example e : List.of(HELLO, SIEVE_200)) {
                tests.add(test(jdk, e, null));
            }
        }
        tests.add(test(JDK17, SIEVE_DEFAULT, null));
        for (String variant : JVM_VARIANTS) {
            for (Example e : List.of(HELLO, SIEVE_200)) {
                tests.add(test(JDK17, e, variant));
            }
        }
        String only = System.getProperty("java.examples.only", "").trim();
        return tests.stream().filter(t -> only.isEmpty() || t.getDisplayName().contains(only));
    }

    static DynamicTest test(Path jdk, Example e, String jvmOption) {
        String name = jdk.getFileName() + " " + e.label() + (jvmOption == null ? "" : " " + jvmOption);
        return DynamicTest.dynamicTest(name, () -> check(jdk, e, jvmOption));
    }

    /**
     * egg run's options for e: quiet, jdk's JVM, e's main class (a folder such as tests/java may hold
     * more than one), and jvmOptions.
     */
    static List<String> eggOptions(Path jdk, Example e, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("--quiet", "--jdk", jdk.toString(), "--main", e.mainClass()));
        jvmOptions.forEach(o -> options.add("--jvm-opt=" + o));
        return options;
    }

    static void check(Path jdk, Example e, String jvmOption) throws Exception {
        check(jdk, e, jvmOption == null ? List.of() : List.of(jvmOption), 0);
    }

    /** Runs e on the host and in eggos: the host must exit with status, eggos like the host. */
    static void check(Path jdk, Example e, List<String> jvmOptions, int status) throws Exception {
        requireJdk(jdk);
        EggRun.requireEggJar();
        EggRun.skipIfHostOnly(e.label());
        Proc.Result host = runOnHost(jdk, e, jvmOptions);
        if (host.timedOut() || host.status() != status) {
            fail(e.label() + " fails on the host (" + host.describe() + "): the example or this machine is wrong,"
                    + " not eggos\nstderr:\n" + host.err());
        }

        Proc.Result egg = EggRun.run(exampleDir(e), eggOptions(jdk, e, jvmOptions), e.args());
        String expected = host.out();
        if (egg.timedOut() || egg.status() != host.status() || !egg.out().equals(expected)) {
            StringBuilder msg = new StringBuilder();
            msg.append(e.label()).append(" on eggos differs from the host (JDK ").append(jdk).append(")\n");
            msg.append("exit status: host ").append(host.status()).append(", eggos ")
                    .append(egg.timedOut() ? "killed after " + egg.took().toSeconds() + " s" : egg.status())
                    .append(EggRun.explainStatus(egg.status())).append('\n');
            msg.append("stdout (- host, + eggos):\n").append(TextDiff.diff(expected, egg.out()));
            msg.append("egg's stderr (kernel log):\n").append(TextDiff.tail(egg.err(), 60));
            msg.append("command: ").append(egg.commandLine()).append('\n');
            fail(msg.toString());
        }
    }

    /**
     * JDK 17 (Debian's, as egg itself needs) is installed as root or its absence fails the test.
     * Temurin 25 is not in Debian: where it is absent the JDK 25 tests are skipped, loudly (README);
     * .ci/run fails on a skipped test, so CI's machine must have it.
     */
    static void requireJdk(Path jdk) {
        BooleanSupplier present = () -> Files.isExecutable(jdk.resolve("bin/javac"));
        if (jdk.equals(JDK17)) {
            HostPackages.require("JDK 17 (" + jdk + ")", "openjdk-17-jdk-headless", present);
        } else if (!present.getAsBoolean()) {
            System.err.println("WARNING: " + jdk + " is not installed: its tests are SKIPPED (Temurin 25, from"
                    + " https://adoptium.net/installation/linux/: apt-get install temurin-25-jdk)");
            Assumptions.abort(jdk + " is not installed (Temurin 25: apt-get install temurin-25-jdk from Adoptium's"
                    + " repository)");
        }
    }

    static Path exampleDir(Example e) {
        return EggRun.repoRoot().resolve(e.dir());
    }

    /** The example compiled with the JDK's javac and run with its java, in a fresh folder. */
    static Proc.Result runOnHost(Path jdk, Example e, List<String> jvmOptions) throws IOException, InterruptedException {
        Path classes = compile(jdk, e);
        Path cwd = Files.createTempDirectory("java-example-");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(jdk.resolve("bin/java").toString());
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", classes.toString(), e.mainClass()));
            cmd.addAll(e.args());
            return Proc.run(cmd, cwd, Map.of(), HOST_TIMEOUT);
        } finally {
            Proc.deleteTree(cwd);
        }
    }

    static synchronized Path compile(Path jdk, Example e) throws IOException, InterruptedException {
        Path out = EggRun.repoRoot().resolve("tests/target/java-examples").resolve(jdk.getFileName().toString())
                .resolve(e.dir());
        Proc.deleteTree(out);
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(), "-d", out.toString()));
        try (Stream<Path> s = Files.list(exampleDir(e))) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        Proc.Result r = Proc.run(cmd, null, Map.of(), JAVAC_TIMEOUT);
        if (r.timedOut() || r.status() != 0) {
            fail("javac failed for " + e.dir() + " (" + r.describe() + "):\n" + r.err() + r.out());
        }
        return out;
    }
}
