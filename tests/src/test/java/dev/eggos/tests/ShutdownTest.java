package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: the machine's power button (QEMU's system_powerdown, a cloud's "stop") sends
 * SIGTERM to the program, which ends as it would on Linux given SIGTERM: the same exit status
 * as the same program on the host killed with SIGTERM.
 */
class ShutdownTest {
    static final Duration BOOT_LIMIT = Duration.ofSeconds(EggRun.EGG_TIMEOUT_SECONDS);
    static final Pattern READY = Pattern.compile("ready");
    private static Path program;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(EggRun.eggJar() != null, EggRun.whyUnavailable());
        program = ConformanceTest.compile(EggRun.repoRoot().resolve("tests/shutdown/on_term.c"));
        work = EggRun.repoRoot().resolve("tests/target/shutdown");
        Files.createDirectories(work);
    }

    /** The program's status on the host when SIGTERM comes after its ready line. */
    static int hostStatus(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the host run's first line");
            terminate(p.pid());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the host run ignored SIGTERM");
            return p.exitValue();
        } finally {
            Proc.kill(p);
        }
    }

    /** kill -TERM pid (Process.destroy would also close the pipes, and the handler's write fail). */
    static void terminate(long pid) throws Exception {
        Proc.Result r = Proc.run(List.of("kill", "-TERM", Long.toString(pid)), null, java.util.Map.of(),
                Duration.ofSeconds(10));
        assertEquals(0, r.status(), r.err());
    }

    /** egg runs on_term mode; the power button once it is ready: egg's status and the console. */
    private static Proc.Result powerButton(String mode) throws Exception {
        Path dir = Files.createDirectories(work.resolve("power-" + mode));
        List<String> args = List.of("--timeout", Long.toString(BOOT_LIMIT.toSeconds() + 30), program.toString(),
                "--", mode);
        try (QmpGuest g = QmpGuest.boot(args, dir, BOOT_LIMIT, READY)) {
            Screen.qmp(g.qmp, "{\"execute\":\"system_powerdown\"}");
            boolean ended = g.process.waitFor(30, TimeUnit.SECONDS);
            String out = Files.readString(dir.resolve("out.txt")), err = Files.readString(dir.resolve("err.txt"));
            assertTrue(ended, "egg still runs 30 s after the power button\nstdout: " + out + "\nstderr: " + err);
            return new Proc.Result(List.of(), g.process.exitValue(), out, err, false, Duration.ZERO);
        }
    }

    @Test
    void powerButtonKillsWithSigterm() throws Exception {
        int host = hostStatus(List.of(program.toString(), "default"));
        assertEquals(143, host, "on Linux, death by SIGTERM is 128 + 15");
        Proc.Result r = powerButton("default");
        assertEquals(host, r.status(), r.err());
    }

    @Test
    void powerButtonRunsTheSigtermHandler() throws Exception {
        int host = hostStatus(List.of(program.toString(), "handle"));
        assertEquals(7, host);
        Proc.Result r = powerButton("handle");
        assertEquals(host, r.status(), r.err());
        assertTrue(r.out().contains("got SIGTERM"), r.out());
    }
}
