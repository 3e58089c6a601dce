package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * egg.jar as a person runs it: `java -jar egg.jar ...` in a fresh JVM. The system properties
 * egg.jar and repo.root come from this module's pom (Surefire systemPropertyVariables).
 */
class EggJarSmokeTest {
    static Path eggJar() {
        String p = System.getProperty("egg.jar");
        assertTrue(p != null, "system property egg.jar is not set: run through Maven (mvn -B verify)");
        Path jar = Path.of(p);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run `mvn -B verify` (it packages egg first)");
        return jar;
    }

    record Run(int status, String out, String err) {
    }

    static Run egg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", eggJar().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("egg-out", ".txt");
        Path err = Files.createTempFile("egg-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "egg " + String.join(" ", args) + " hung");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void repoRootIsSet() {
        Path root = Path.of(System.getProperty("repo.root", ""));
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "repo.root: " + root);
        assertTrue(Files.isDirectory(root.resolve("kernel")), "repo.root: " + root);
    }

    @Test
    void versionAndHelp() throws Exception {
        Run v = egg("--version");
        assertEquals(0, v.status(), v.err());
        assertTrue(v.out().startsWith("egg "), v.out());
        Run h = egg("run", "--help");
        assertEquals(0, h.status(), h.err());
        assertTrue(h.out().contains("--timeout"), h.out());
    }

    @Test
    void usageErrorIsOneLine() throws Exception {
        Run r = egg("build");
        assertEquals(125, r.status());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("egg: "), r.err());
    }

    @Test
    void dynamicProgramIsRefused() throws Exception {
        Run r = egg("run", "--timeout", "5", "/bin/true");
        assertEquals(126, r.status());
        assertEquals("egg: /bin/true is dynamically linked; eggos runs static executables for now"
                + " (link with -static)\n", r.err());
    }
}
