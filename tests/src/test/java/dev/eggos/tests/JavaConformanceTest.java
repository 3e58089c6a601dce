package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tests/java/Conformance.java in eggos against the same program on the host: what the JVM asks
 * of the kernel (implicit null checks, division by zero, stack overflow twice, 2000 threads,
 * sleeping, /tmp files, contention, crypto, a full heap) and how a Java program ends (System.exit,
 * an uncaught exception).
 */
class JavaConformanceTest {
    static final JavaExamplesTest.Example CHECKS = program();
    static final JavaExamplesTest.Example OOM = program("oom");
    static final JavaExamplesTest.Example EXIT = program("exit");

    static JavaExamplesTest.Example program(String... args) {
        return new JavaExamplesTest.Example("tests/java", "Conformance", List.of(args));
    }

    @Test
    void checksWithJdk17() throws Exception {
        JavaExamplesTest.check(JavaExamplesTest.JDK17, CHECKS, List.of(), 0);
    }

    @Test
    void checksWithJdk25() throws Exception {
        JavaExamplesTest.check(JavaExamplesTest.JDK25, CHECKS, List.of(), 0);
    }

    @Test
    void outOfMemoryIsCaughtInASmallHeap() throws Exception {
        JavaExamplesTest.check(JavaExamplesTest.JDK17, OOM, List.of("-Xmx32m"), 0);
    }

    @Test
    void systemExitStatusReachesTheHost() throws Exception {
        JavaExamplesTest.check(JavaExamplesTest.JDK17, EXIT, List.of(), 3);
    }

    /**
     * A unikernel runs one program: ProcessBuilder.start() throws an IOException with ENOSYS's text,
     * whichever call the JDK starts the child with (POSIX_SPAWN: clone3 of CLONE_VM|CLONE_VFORK then
     * clone; VFORK: vfork; FORK: glibc's fork, a clone), and the kernel log says why, once. The host
     * run shows the program really starts ls there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"POSIX_SPAWN", "VFORK", "FORK"})
    void processStartThrowsAClearIOException(String mechanism) throws Exception {
        JavaExamplesTest.requireJdk(JavaExamplesTest.JDK17);
        EggRun.requireEggJar();
        EggRun.skipIfHostOnly("spawn");
        JavaExamplesTest.Example spawn = program("spawn");
        String option = "-Djdk.lang.Process.launchMechanism=" + mechanism;
        Proc.Result host = JavaExamplesTest.runOnHost(JavaExamplesTest.JDK17, spawn, List.of(option));
        assertEquals("ls started, exit status 0\nanswered within 10 s: true\n", host.out(), host.describe());
        Proc.Result egg = EggRun.run(JavaExamplesTest.exampleDir(spawn),
                JavaExamplesTest.eggOptions(JavaExamplesTest.JDK17, spawn, List.of(option)), spawn.args());
        assertEquals(0, egg.status(), egg.describe() + "\n" + egg.err());
        assertEquals("IOException: Cannot run program \"ls\": error=38, Function not implemented\n"
                + "answered within 10 s: true\n", egg.out(), egg.err());
        String why = "eggos: java tried to start a program: a unikernel runs one program; "
                + "fork and exec are not available (ENOSYS)";
        assertEquals(1, egg.err().lines().filter(l -> l.contains("a unikernel runs one program")).count(), egg.err());
        assertTrue(egg.err().lines().anyMatch(why::equals), egg.err());
    }

    /** The stack trace goes to stderr, on the host and in eggos: egg's stdout has only the program's stdout. */
    @Test
    void uncaughtExceptionEndsWithStatus1AndItsStackTrace() throws Exception {
        JavaExamplesTest.requireJdk(JavaExamplesTest.JDK17);
        EggRun.requireEggJar();
        EggRun.skipIfHostOnly("uncaught");
        JavaExamplesTest.Example uncaught = program("uncaught");
        Proc.Result host = JavaExamplesTest.runOnHost(JavaExamplesTest.JDK17, uncaught, List.of());
        assertEquals(1, host.status(), host.describe());
        String trace = "Exception in thread \"main\" java.lang.IllegalStateException: uncaught on purpose";
        assertTrue(host.err().contains(trace), host.err());
        Proc.Result egg = EggRun.run(JavaExamplesTest.exampleDir(uncaught),
                JavaExamplesTest.eggOptions(JavaExamplesTest.JDK17, uncaught, List.of()), uncaught.args());
        assertEquals(1, egg.status(), egg.describe() + "\n" + egg.err());
        assertEquals("throwing\n", egg.out(), egg.err());
        assertTrue(egg.err().contains(trace) && egg.err().contains("at Conformance.main("), egg.err());
    }
}
