package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The program's stdout and stderr reach egg's stdout and stderr apart, as on Linux: `egg run X > a
 * 2> b` gives the a and b of the host's `X > a 2> b` (through the console: see
 * {@link EggRun#onConsole}). With --quiet the kernel's log adds nothing to egg's stderr. A C program
 * (tests/stdio/stdio_both.c: write(2) and stdio on both, in turns) and a Java one (System.out,
 * System.err and a java.util.logging warning: tests/java/Conformance.java's {@code stderr} mode).
 */
class StdioTest {
    /** java.util.logging's line without its date, so that the host's and eggos's are the same. */
    static final String LOG_FORMAT = "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n";

    @Test
    void cProgramsStdoutAndStderrStayApart() throws Exception {
        EggRun.requireEggJar();
        java.nio.file.Path binary = ConformanceTest.compile(EggRun.repoRoot().resolve("tests/stdio/stdio_both.c"));
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

    private static void assertSame(Proc.Result host, Proc.Result egg) {
        String both = "\nstdout:\n" + egg.out() + "\nstderr:\n" + egg.err();
        assertEquals(host.status(), egg.status(), egg.describe() + EggRun.explainStatus(egg.status()) + both);
        assertEquals(EggRun.onConsole(host.out()), egg.out(), both);
        assertEquals(EggRun.onConsole(host.err()), egg.err(), both);
    }
}
