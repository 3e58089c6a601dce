package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A jar that reaches JDK modules only through ServiceLoader and reflection (tests/modules:
 * Ed25519, the zip file system, the system Java compiler, sun.misc.Unsafe, HotSpotDiagnosticMXBean)
 * runs with `egg run app.jar` and no flags as with `java -jar app.jar` on the host.
 */
class ReachedModulesTest {
    static final Path JDK = JavaExamplesTest.JDK17;
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    static final String EXPECTED = """
            Ed25519: EdDSA
            zipfs: zipped
            compiler: true
            unsafe: true
            hotspot: true
            """;

    @Test
    void jarRunsAsOnTheHostWithNoFlags() throws Exception {
        JavaExamplesTest.requireJdk(JDK);
        EggRun.requireEggJar();
        Path jar = jar();
        Proc.Result host = Proc.run(List.of(JDK.resolve("bin/java").toString(), "-jar", jar.toString()), null, Map.of(),
                TOOL_TIMEOUT);
        assertEquals(EXPECTED, host.out(), "on the host: " + host.describe() + "\n" + host.err());
        EggRun.skipIfHostOnly("ReachedModules");
        Proc.Result egg = EggRun.run(jar, List.of(), List.of());
        if (egg.timedOut() || egg.status() != 0 || !egg.out().equals(host.out())) {
            fail("ReachedModules on eggos differs from the host (- host, + eggos), status "
                    + egg.status() + EggRun.explainStatus(egg.status()) + ":\n"
                    + TextDiff.diff(host.out(), egg.out()) + "egg's stderr:\n"
                    + TextDiff.tail(egg.err(), 40));
        }
    }

    /** tests/modules compiled by JDK 17 into a jar whose manifest names its Main-Class. */
    static Path jar() throws Exception {
        Path out = EggRun.repoRoot().resolve("tests/target/reached-modules");
        Proc.deleteTree(out);
        Path classes = Files.createDirectories(out.resolve("classes"));
        Path jar = out.resolve("reached.jar");
        tool(List.of(JDK.resolve("bin/javac").toString(), "-d", classes.toString(),
                EggRun.repoRoot().resolve("tests/modules/ReachedModules.java").toString()));
        tool(List.of(JDK.resolve("bin/jar").toString(), "--create", "--file", jar.toString(), "--main-class",
                "ReachedModules", "-C", classes.toString(), "."));
        return jar;
    }

    /** Runs a build tool of a test (javac, jar, gcc), failing the test with its output when it fails. */
    static void tool(List<String> cmd) throws Exception {
        Proc.Result r = Proc.run(cmd, null, Map.of(), TOOL_TIMEOUT);
        if (r.timedOut() || r.status() != 0) {
            fail(String.join(" ", cmd) + " failed (" + r.describe() + "):\n" + r.err() + r.out());
        }
    }
}
