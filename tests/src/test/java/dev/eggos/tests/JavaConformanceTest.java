package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

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

    /** The stack trace goes to stderr on the host and to the console (egg's stdout) in eggos. */
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
                List.of("--quiet", "--jdk", JavaExamplesTest.JDK17.toString()), uncaught.args());
        assertEquals(1, egg.status(), egg.describe() + "\n" + egg.err());
        assertTrue(egg.out().startsWith(EggRun.onConsole("throwing\n")) && egg.out().contains(trace)
                && egg.out().contains("at Conformance.main("), egg.out());
    }
}
