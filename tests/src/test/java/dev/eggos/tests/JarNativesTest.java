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
 * A jar that carries its own JNI library (tests/natives, as sqlite-jdbc carries libsqlitejdbc.so):
 * the program copies it to /tmp and System.load()s it, and the library needs host libraries the
 * JVM itself does not (libpthread.so.0). `egg run app.jar` prints what `java -jar app.jar` prints.
 */
class JarNativesTest {
    static final Path JDK = JavaExamplesTest.JDK17;
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    static final String EXPECTED = """
            cbrt(27) = 3.000000000
            cbrt(2) = 1.259921050
            sum(1..100) on a pthread = 5050
            """;

    @Test
    void jniLibraryInTheJarLoadsAsOnTheHost() throws Exception {
        JavaExamplesTest.requireJdk(JDK);
        EggRun.requireEggJar();
        Path jar = jar();
        Proc.Result host = Proc.run(List.of(JDK.resolve("bin/java").toString(), "-jar", jar.toString()), null,
                Map.of(), TOOL_TIMEOUT);
        assertEquals(EXPECTED, host.out(), "on the host: " + host.describe() + "\n" + host.err());
        EggRun.skipIfHostOnly("JarNatives");
        Proc.Result egg = EggRun.run(jar, List.of(), List.of());
        if (egg.timedOut() || egg.status() != 0 || !egg.out().equals(host.out())) {
            fail("Cube on eggos differs from the host (- host, + eggos), status "
                    + egg.status() + EggRun.explainStatus(egg.status()) + ":\n"
                    + TextDiff.diff(host.out(), egg.out()) + "egg's stderr:\n"
                    + TextDiff.tail(egg.err(), 40));
        }
    }

    /**
     * tests/natives: cube.c built by gcc into a JNI library that needs libpthread.so.0 and libm;
     * Cube.java compiled; both in one jar. glibc 2.34 moved pthread_create into libc (-lpthread
     * now links an empty libpthread.a), but libraries built before, like sqlite-jdbc's, still name
     * libpthread.so.0, so the test names it too, by file name and with --no-as-needed.
     */
    static Path jar() throws Exception {
        Path src = EggRun.repoRoot().resolve("tests/natives");
        Path out = EggRun.repoRoot().resolve("tests/target/jar-natives");
        Proc.deleteTree(out);
        Path classes = Files.createDirectories(out.resolve("classes"));
        Path lib = Files.createDirectories(classes.resolve("native/Linux/x86_64")).resolve("libcube.so");
        ReachedModulesTest.tool(List.of("gcc", "-shared", "-fPIC", "-O2", "-I" + JDK.resolve("include"),
                "-I" + JDK.resolve("include/linux"), "-o", lib.toString(), src.resolve("cube.c").toString(),
                "-Wl,--no-as-needed", "-l:libpthread.so.0", "-lm"));
        ReachedModulesTest.tool(List.of(JDK.resolve("bin/javac").toString(), "-d", classes.toString(),
                src.resolve("Cube.java").toString()));
        Path jar = out.resolve("cube.jar");
        ReachedModulesTest.tool(List.of(JDK.resolve("bin/jar").toString(), "--create", "--file", jar.toString(), "--main-class",
                "Cube", "-C", classes.toString(), "."));
        return jar;
    }
}
