package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console as a person uses it: examples/repl with piped input (the same output as the host's
 * {@code java} with that input), typed on a terminal (through {@code script}'s pseudo-terminal:
 * the guest's tty echoes and edits the line) and on the PS/2 keyboard of a {@code --graphic}
 * machine (keys sent through QEMU's QMP, the text also drawn on the screen); Ctrl-C on a terminal
 * ends a program with status 130 after its shutdown hooks, Ctrl-\ prints HotSpot's thread dump; and
 * system calls answered by Java handlers (examples/syscall, and tests/syscall with the FFM API
 * of JDK 25). Every run has a hard time limit.
 */
class ConsoleTest {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    static final String SHA1_ABC = "sha1(abc) = a9993e364706816aba3e25717850c26c9cd0d89d";
    static final String SHA1_HELLO = "sha1(hello) = aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d";
    static final Duration LIMIT = Duration.ofSeconds(150);
    private static Path root;
    private static Path work;

    @BeforeAll
    static void paths() throws IOException {
        EggRun.requireEggJar();
        root = EggRun.repoRoot();
        work = root.resolve("tests/target/console");
        Files.createDirectories(work);
    }

    static List<String> egg(String... args) {
        return EggRun.command(List.of(args));
    }

    /** egg (or a command around it) with a pipe as stdin, its output in files, read as it comes. */
    static final class Session implements AutoCloseable {
        final Process process;
        final Path out;
        final Path err;
        final OutputStream in;
        final List<String> command;

        Session(List<String> command, String name, boolean headless) throws IOException {
            this.command = command;
            out = work.resolve(name + ".out");
            err = work.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (headless) {
                pb.environment().remove("DISPLAY");
                pb.environment().remove("WAYLAND_DISPLAY");
            }
            process = pb.start();
            in = process.getOutputStream();
        }

        String out() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8).replace("\r\r\n", "\n").replace("\r\n", "\n");
        }

        String describe() throws IOException {
            return "\ncommand: " + String.join(" ", command) + "\nstdout:\n" + out() + "\nstderr:\n"
                    + TextDiff.tail(Files.readString(err, StandardCharsets.UTF_8), 40);
        }

        void waitFor(String text, Duration limit) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!out().contains(text)) {
                if (!process.isAlive()) {
                    fail("ended (status " + process.exitValue() + ") before printing \"" + text + "\"" + describe());
                }
                if (System.nanoTime() > deadline) {
                    fail("no \"" + text + "\" within " + limit.toSeconds() + " s" + describe());
                }
                Thread.sleep(100);
            }
        }

        void send(String bytes) throws IOException {
            in.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            in.flush();
        }

        /** Types slowly, as a person: a terminal gets one key at a time. */
        void type(String keys) throws Exception {
            for (char c : keys.toCharArray()) {
                send(String.valueOf(c));
                Thread.sleep(60);
            }
        }

        int waitExit(Duration limit) throws Exception {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                Proc.kill(process);
                fail("still running after " + limit.toSeconds() + " s" + describe());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try {
                    Proc.kill(process);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Piped lines, then the end of the pipe: the program ends as `java` with the same input does. */
    @Test
    void replWithPipedInputMatchesTheHost() throws Exception {
        Path input = work.resolve("repl-input.txt");
        Files.writeString(input, "abc\nhello\n\nThe quick brown fox jumps over the lazy dog\n");
        Path classes = work.resolve("repl-classes");
        Files.createDirectories(classes);
        Path jdk = Path.of(System.getProperty("java.home"));
        Proc.Result javac = Proc.run(List.of(jdk.resolve("bin/javac").toString(), "-d", classes.toString(),
                root.resolve("examples/repl/Repl.java").toString()), null, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, javac.status(), javac.err());
        String host = run(List.of(jdk.resolve("bin/java").toString(), "-cp", classes.toString(), "Repl"), input,
                "repl-host", 0);
        assertTrue(host.contains(SHA1_ABC + "\n") && host.contains(SHA1_HELLO + "\n"), host);
        String eggos = run(egg("run", "--timeout", "120", root.resolve("examples/repl").toString()), input,
                "repl-eggos", 0);
        assertEquals(host, eggos, "examples/repl on eggos vs the host's java with the same input");
    }

    /** stdout of command with stdin from a file, after checking its status. */
    static String run(List<String> command, Path input, String name, int status) throws Exception {
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            Proc.kill(p);
            fail(name + ": still running after " + LIMIT.toSeconds() + " s: " + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(status, p.exitValue(), name + ": " + text + Files.readString(err));
        return text;
    }

    /**
     * command on a terminal: `script` gives it a pseudo-terminal, whose keys the test types, so
     * QEMU takes it raw and the guest's tty gets every key.
     */
    static Session onTerminal(List<String> command, String name) throws IOException {
        HostPackages.require("script(1)", "bsdutils", () -> Files.isExecutable(Path.of("/usr/bin/script")));
        String line = String.join(" ", command.stream().map(Proc::quote).toList());
        return new Session(List.of("/usr/bin/script", "-qfec", line, "/dev/null"), name, true);
    }

    /**
     * A terminal: the guest's tty echoes and edits what is typed (Backspace, Ctrl-U, Ctrl-W), and
     * Ctrl-D ends the input.
     */
    @Test
    void replTypedOnATerminal() throws Exception {
        try (Session s = onTerminal(egg("run", "--timeout", "120", root.resolve("examples/repl").toString()),
                "repl-tty")) {
            s.waitFor(">>> ", LIMIT);
            s.type("abx\u007fc\r");
            s.waitFor(SHA1_ABC, Duration.ofSeconds(60));
            s.type("junk\u0015hel\u0017hello\r");
            s.waitFor(SHA1_HELLO, Duration.ofSeconds(60));
            s.type("\u0004");
            assertEquals(0, s.waitExit(Duration.ofSeconds(60)), s.describe());
            String out = Files.readString(s.out, StandardCharsets.ISO_8859_1);
            assertTrue(out.contains(">>> abx\b \bc\r"), "echo and erase" + s.describe());
            assertTrue(out.contains("junk\b \b\b \b\b \b\b \bhel\b \b\b \b\b \bhello\r"), "^U and ^W" + s.describe());
        }
    }

    /**
     * Ctrl-C typed on a terminal: SIGINT to the program; the JVM runs its shutdown hooks and exits
     * with 130. (A piped ^C is a byte of the input, as on Linux: StdinTest.)
     */
    @Test
    void ctrlCEndsTheProgramWithStatus130() throws Exception {
        try (Session s = onTerminal(egg("run", "--timeout", "120", root.resolve("tests/console").toString()),
                "ctrl-c")) {
            s.waitFor("ready", LIMIT);
            // egg's stdin and stdout are a terminal, so the program's are the tty: System.console() is there.
            assertTrue(s.out().contains("console: a terminal"), "System.console() on eggos" + s.describe());
            s.send("\u0003");
            assertEquals(130, s.waitExit(Duration.ofSeconds(60)), s.describe());
            assertTrue(s.out().contains("shutdown hook ran"), s.describe());
            assertTrue(!s.out().contains("slept to the end"), s.describe());
        }
    }

    /** Ctrl-\ on a terminal: SIGQUIT; HotSpot prints its thread dump and goes on; then Ctrl-C ends it. */
    @Test
    void ctrlBackslashPrintsAThreadDump() throws Exception {
        try (Session s = onTerminal(egg("run", "--timeout", "120", root.resolve("tests/console").toString()),
                "ctrl-backslash")) {
            s.waitFor("ready", LIMIT);
            s.send("\u001c");
            s.waitFor("Full thread dump", Duration.ofSeconds(60));
            s.waitFor("\"main\"", Duration.ofSeconds(30));
            assertTrue(s.process.isAlive(), "the program goes on after the dump" + s.describe());
            s.send("\u0003");
            assertEquals(130, s.waitExit(Duration.ofSeconds(60)), s.describe());
        }
    }

    /**
     * --graphic: keys on the PS/2 keyboard (QMP send-key) reach the same terminal; the SHA-1 comes
     * out on the serial console, and the text is drawn on the screen too.
     */
    @Test
    void ps2KeyboardTypesIntoTheTerminal() throws Exception {
        Path qmp = work.resolve("ps2.qmp");
        Files.deleteIfExists(qmp);
        try (Session s = new Session(egg("run", "--timeout", "120", "--graphic", "--qmp", qmp.toString(),
                root.resolve("examples/repl").toString()), "ps2", true)) {
            s.waitFor(">>> ", LIMIT);
            List<String> keys = new ArrayList<>();
            for (String k : List.of("a", "b", "c", "ret")) {
                keys.add("{\"execute\":\"send-key\",\"arguments\":{\"keys\":[{\"type\":\"qcode\",\"data\":\"" + k
                        + "\"}]}}");
            }
            Screen.qmp(qmp, keys.toArray(String[]::new));
            s.waitFor(SHA1_ABC, Duration.ofSeconds(60));
            Screen.Picture p = Screen.dump(qmp, work.resolve("ps2.ppm"));
            p.savePng(root.resolve("tests/target/screenshots/repl-ps2.png"));
            int lit = 0;
            for (int y = 0; y < 48; y++) {               // the first three lines of text
                for (int x = 0; x < 400; x++) {
                    lit += p.luma(x, y) > 0x60 ? 1 : 0;
                }
            }
            assertTrue(lit > 300, "text on the screen's first lines: " + lit + " lit pixels");
            s.in.close();                                  // the end of input: egg sends VEOF
            assertEquals(0, s.waitExit(Duration.ofSeconds(60)), s.describe());
        }
    }

    /** examples/syscall: the interceptor's line, then the host name (the kernel's uname -n). */
    @Test
    void syscallExample() throws Exception {
        Path input = work.resolve("empty.txt");
        Files.writeString(input, "");
        String out = run(egg("run", "--timeout", "200", root.resolve("examples/syscall").toString()), input,
                "syscall-example", 0);
        List<String> lines = out.lines().toList();
        assertTrue(lines.size() >= 2, out);
        assertEquals("syscall `uname` called", lines.get(0), out);
        assertEquals("eggos", lines.get(lines.size() - 1), out);
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertEquals("syscall `uname` called", l, out);
        }
    }

    /** Java handlers called through FFM: answers, -EIO, 10 000 calls from 8 threads, next(), memory. */
    @Test
    void syscallHandlersCalledThroughFfm() throws Exception {
        JavaExamplesTest.requireJdk(JDK25);
        Path eggosClasses = root.resolve("eggos/target/classes");
        assertTrue(Files.isDirectory(eggosClasses.resolve("dev/eggos")), "eggos is not built: mvn -B verify builds it");
        Path classes = work.resolve("syscall-classes");
        Proc.deleteTree(classes);
        Files.createDirectories(classes);
        Proc.Result javac = Proc.run(List.of(JDK25.resolve("bin/javac").toString(), "-cp", eggosClasses.toString(),
                "-d", classes.toString(), root.resolve("tests/syscall/SyscallHandlers.java").toString()), null,
                Map.of(), Duration.ofMinutes(2));
        assertEquals(0, javac.status(), javac.err());
        try (Stream<Path> s = Files.walk(eggosClasses)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path to = classes.resolve(eggosClasses.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path jar = work.resolve("syscall-handlers.jar");
        Files.deleteIfExists(jar);
        Proc.Result jarred = Proc.run(List.of(JDK25.resolve("bin/jar").toString(), "--create", "--file",
                jar.toString(), "--main-class", "SyscallHandlers", "-C", classes.toString(), "."), null, Map.of(),
                Duration.ofMinutes(2));
        assertEquals(0, jarred.status(), jarred.err());
        Path input = work.resolve("empty.txt");
        Files.writeString(input, "");
        String out = run(egg("run", "--timeout", "200", "--jdk", JDK25.toString(),
                "--jvm-opt=--enable-native-access=ALL-UNNAMED", jar.toString()), input, "syscall-ffm", 0);
        assertTrue(out.contains("handler: 42\n"), out);
        assertTrue(out.contains("throws: -1 errno 5\n"), "a handler that throws answers -EIO\n" + out);
        String err = Files.readString(work.resolve("syscall-ffm.err"), StandardCharsets.UTF_8);
        assertTrue(err.contains("IllegalStateException: a handler that throws"), "its exception is printed on stderr\n" + err);
        assertTrue(out.contains("threads: 10000 of 10000 calls answered right\n"), out);
        assertTrue(out.contains("gethostname: 0 changed\n"), "next() then writeMemory\n" + out);
        assertTrue(out.contains("nobody: -1 errno 38\n"), "an unknown call without a handler: ENOSYS\n" + out);
        assertTrue(out.endsWith("done\n"), out);
    }
}
