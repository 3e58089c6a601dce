package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The program's stdout and stderr reach egg's stdout and stderr apart, as on Linux: `egg run X > a
 * 2> b` gives the a and b of the host's `X > a 2> b`, byte for byte (no "\r" added: fd 1 and 2 are
 * not the tty when egg's are not terminals). With --quiet the kernel's log adds nothing to egg's
 * stderr. A C program
 * (tests/stdio/stdio_both.c: write(2) and stdio on both, in turns) and a Java one (System.out,
 * System.err and a java.util.logging warning: tests/java/Conformance.java's {@code stderr} mode);
 * and every byte value on stdout (tests/stdio/stdio_bytes.c).
 */
class StdioTest {
    /** java.util.logging's line without its date, so that the host's and eggos's are the same. */
    static final String LOG_FORMAT = "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n";

    @Test
    void cProgramsStdoutAndStderrStayApart() throws Exception {
        EggRun.requireEggJar();
        Path binary = ConformanceTest.compile(EggRun.repoRoot().resolve("tests/stdio/stdio_both.c"));
        Proc.Result host = Proc.run(List.of(binary.toString()), null, Map.of(), EggRun.HARD_TIMEOUT);
        assertEquals(3, host.status(), host.describe());
        EggRun.skipIfHostOnly("stdio_both");
        Proc.Result egg = EggRun.run(binary, List.of("--quiet"), List.of());
        assertSame(host, egg);
    }

    @Test
    void javaProgramsStdoutStderrAndLogStayApart() throws Exception {
        JavaExamplesTest.requireJdk(JavaExamplesTest.JDK17);
        EggRun.requireEggJar();
        JavaExamplesTest.Example program = JavaConformanceTest.program("stderr");
        Proc.Result host = JavaExamplesTest.runOnHost(JavaExamplesTest.JDK17, program, List.of(LOG_FORMAT));
        assertEquals(0, host.status(), host.describe() + "\n" + host.err());
        EggRun.skipIfHostOnly("stderr");
        Proc.Result egg = EggRun.run(JavaExamplesTest.exampleDir(program),
                JavaExamplesTest.eggOptions(JavaExamplesTest.JDK17, program, List.of(LOG_FORMAT)), program.args());
        assertSame(host, egg);
    }

    /** Every byte value reaches egg's stdout as written: stdout_bytes's stdout is the host's. */
    @Test
    void binaryStdoutArrivesAsWritten() throws Exception {
        EggRun.requireEggJar();
        Path binary = ConformanceTest.compile(EggRun.repoRoot().resolve("tests/stdio/stdio_bytes.c"));
        byte[] host = stdout(List.of(binary.toString()));
        assertEquals(260, host.length);
        EggRun.skipIfHostOnly("stdio_bytes");
        byte[] egg = stdout(EggRun.command(List.of("run", "--quiet", "--timeout",
                Integer.toString(EggRun.EGG_TIMEOUT_SECONDS), binary.toString())));
        assertArrayEquals(host, egg);
    }

    /** command's stdout, as bytes, after it exited with 0 within EggRun's limit. */
    private static byte[] stdout(List<String> command) throws Exception {
        Path out = Files.createTempFile("stdio-bytes", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(EggRun.HARD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Proc.kill(p);
                fail(String.join(" ", command) + ": still running after " + EggRun.HARD_TIMEOUT.toSeconds() + " s");
            }
            assertEquals(0, p.exitValue(), String.join(" ", command));
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void assertSame(Proc.Result host, Proc.Result egg) {
        String both = "\nstdout:\n" + egg.out() + "\nstderr:\n" + egg.err();
        assertEquals(host.status(), egg.status(), egg.describe() + EggRun.explainStatus(egg.status()) + both);
        assertEquals(host.out(), egg.out(), both);
        assertEquals(host.err(), egg.err(), both);
    }
}
