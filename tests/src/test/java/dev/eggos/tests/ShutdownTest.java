package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: the machine's power button (QEMU's system_powerdown, a cloud's "stop") and
 * SIGTERM or SIGHUP to egg send SIGTERM to the program, which ends as it would on Linux given
 * SIGTERM: the same exit status as the same program on the host killed with SIGTERM. A program
 * that does not end: egg ends the machine after --stop-timeout or at a second signal, status 137.
 */
class ShutdownTest {
    static final Duration BOOT_LIMIT = Duration.ofSeconds(2 * EggRun.EGG_TIMEOUT_SECONDS);
    static final Pattern READY = Pattern.compile("ready");
    private static Path program;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        program = EggRun.bootableProgram("tests/shutdown/on_term.c");
        work = EggRun.repoRoot().resolve("tests/target/shutdown");
        Files.createDirectories(work);
    }

    /** The host run of command, given SIGTERM after its ready line: its status and stdout. */
    static Proc.Result hostRun(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder text = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                text.append(line).append('\n');
                if (line.equals("ready")) {
                    break;
                }
            }
            terminate(p.pid());
            for (String line; (line = out.readLine()) != null; ) {
                text.append(line).append('\n');
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the host run ignored SIGTERM");
            return new Proc.Result(command, p.exitValue(), text.toString(), "", false, Duration.ZERO);
        } finally {
            Proc.kill(p);
        }
    }

    /** kill -TERM pid (Process.destroy would also close the pipes, and the handler's write fail). */
    static void terminate(long pid) throws Exception {
        signal("TERM", pid);
    }

    static void signal(String name, long pid) throws Exception {
        Proc.Result r = Proc.run(List.of("kill", "-" + name, Long.toString(pid)), null, Map.of(),
                Duration.ofSeconds(10));
        assertEquals(0, r.status(), r.err());
    }

    /** What is done to the running egg once the program is ready. */
    interface Action {
        void apply(QmpGuest g) throws Exception;
    }

    /**
     * egg run eggArgs (the program and its arguments last); once the console says ready, the
     * action; then egg's status, stdout and stderr, once it ends within a minute.
     */
    private static Proc.Result egg(String name, List<String> eggArgs, Action action) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> args = new ArrayList<>(List.of("--timeout", "300"));
        args.addAll(eggArgs);
        try (QmpGuest g = QmpGuest.boot(args, dir, BOOT_LIMIT, READY)) {
            action.apply(g);
            boolean ended = g.process.waitFor(60, TimeUnit.SECONDS);
            String out = Files.readString(dir.resolve("out.txt")), err = Files.readString(dir.resolve("err.txt"));
            assertTrue(ended, "egg still runs a minute on\nstdout: " + out + "\nstderr: " + err);
            return new Proc.Result(args, g.process.exitValue(), out, err, false, Duration.ZERO);
        }
    }

    /** QEMU may exit, the program dead at once, before it answers: the status says what happened. */
    private static final Action POWER_BUTTON = g -> {
        try {
            Screen.qmp(g.qmp, "{\"execute\":\"system_powerdown\"}");
        } catch (IOException e) {
            // QEMU gone before its answer
        }
    };
    private static final Action SIGTERM = g -> terminate(g.process.pid());

    private static Proc.Result onTerm(Action action, String mode, String... eggOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(eggOptions));
        args.addAll(List.of(program.toString(), "--", mode));
        return egg(mode + (action == POWER_BUTTON ? "-power" : "-sigterm"), args, action);
    }

    @Test
    void powerButtonKillsWithSigterm() throws Exception {
        Proc.Result host = hostRun(List.of(program.toString(), "default"));
        assertEquals(143, host.status(), "on Linux, death by SIGTERM is 128 + 15");
        Proc.Result r = onTerm(POWER_BUTTON, "default");
        assertEquals(host.status(), r.status(), r.err());
    }

    @Test
    void powerButtonRunsTheSigtermHandler() throws Exception {
        Proc.Result host = hostRun(List.of(program.toString(), "handle"));
        assertEquals(7, host.status());
        Proc.Result r = onTerm(POWER_BUTTON, "handle");
        assertEquals(host.status(), r.status(), r.err());
        assertTrue(r.out().contains("got SIGTERM"), r.out());
    }

    /** SIGTERM to egg is SIGTERM to the program: the status of each mode is the host's. */
    @Test
    void sigtermToEggReachesTheProgram() throws Exception {
        for (String mode : List.of("default", "handle")) {
            Proc.Result host = hostRun(List.of(program.toString(), mode));
            Proc.Result r = onTerm(SIGTERM, mode);
            assertEquals(host.status(), r.status(), mode + "\n" + r.err());
            assertEquals(host.out().contains("got SIGTERM"), r.out().contains("got SIGTERM"), r.out());
        }
    }

    /** A Java program's shutdown hooks run, and egg exits with 143 as java does on the host. */
    @Test
    void sigtermToEggRunsJavaShutdownHooks() throws Exception {
        Path sleeper = EggRun.repoRoot().resolve("tests/console");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Proc.Result host = hostRun(List.of(java, sleeper.resolve("Sleeper.java").toString()));
        assertEquals(143, host.status(), host.out());
        assertTrue(host.out().contains("shutdown hook ran\n"), host.out());
        Proc.Result r = egg("java-sigterm", List.of(sleeper.toString()), SIGTERM);
        assertEquals(host.status(), r.status(), r.err());
        assertTrue(r.out().contains("shutdown hook ran"), r.out());
    }

    /**
     * SIGTERM to egg's whole process group (kill %1, timeout(1)) with piped input: QEMU, in a
     * session of its own, is not killed with egg, and the program gets its SIGTERM once.
     */
    @Test
    void sigtermToEggsProcessGroupReachesTheProgram() throws Exception {
        Path dir = Files.createDirectories(work.resolve("group-sigterm"));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of("setsid"));     // execs egg: its pid is the group's
        cmd.addAll(EggRun.command(List.of("run", "--timeout", "300", program.toString(), "--", "handle")));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
            while (!Files.readString(out).contains("ready") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(out).contains("ready"), Files.readString(out) + Files.readString(err));
            Proc.Result k = Proc.run(List.of("kill", "-TERM", "--", "-" + p.pid()), null, Map.of(),
                    Duration.ofSeconds(10));
            assertEquals(0, k.status(), k.err());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "egg still runs a minute on\n" + Files.readString(err));
            assertEquals(7, p.exitValue(), Files.readString(err));
            assertTrue(Files.readString(out).contains("got SIGTERM"), Files.readString(out));
        } finally {
            Proc.kill(p);
        }
    }

    /** A program that ignores SIGTERM: egg ends the machine after --stop-timeout, status 137. */
    @Test
    void ignoredSigtermEndsAfterStopTimeout() throws Exception {
        Proc.Result r = onTerm(SIGTERM, "ignore", "--stop-timeout", "2");
        assertEquals(137, r.status(), r.err());
        assertTrue(r.err().contains("egg: the program did not stop after SIGTERM; egg ended the machine\n"), r.err());
    }

    /** A second signal (here SIGHUP, then SIGTERM) ends the machine at once, long before --stop-timeout. */
    @Test
    void secondSignalEndsTheMachine() throws Exception {
        Proc.Result r = egg("ignore-twice", List.of("--stop-timeout", "600", program.toString(), "--", "ignore"), g -> {
            signal("HUP", g.process.pid());
            Thread.sleep(1000);
            terminate(g.process.pid());
        });
        assertEquals(137, r.status(), r.err());
    }

    /** microvm's hardware-reduced ACPI has no fixed power button: the program gets no SIGTERM, and
     *  egg ends the machine after --stop-timeout. */
    @Test
    void microvmHasNoPowerButton() throws Exception {
        Proc.Result r = onTerm(SIGTERM, "handle", "--machine", "microvm", "--stop-timeout", "2");
        assertEquals(137, r.status(), r.err());
        assertTrue(!r.out().contains("got SIGTERM"), r.out());
    }
}
