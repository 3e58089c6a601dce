package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A piped stdin is the program's fd 0 as a pipe is on Linux (the kernel's fs/indev.c): every byte
 * value as it came, no line discipline, the end after the last byte. Each program runs on the host
 * with its stdin a pipe the test writes the input to ({@code cat f | X}), and in eggos with egg's
 * stdin the input file ({@code egg run X < f}) or a pipe; stdout (bytes), stderr and the status
 * must be the host's. C programs: tests/stdin/stdin_cat.c (a cat that can read slowly) and
 * stdin_probe.c (what fd 0 is: FIFO, not a tty, EAGAIN, poll and epoll, POLLHUP at the end); Java:
 * tests/stdin/java/StdinRead.java (System.in to the end, {@code new Scanner(System.in)}).
 */
class StdinTest {
    static final int SLOW_TIMEOUT = 300;                     /* egg's --timeout for megabytes of input */
    static final Duration LIMIT = Duration.ofSeconds(SLOW_TIMEOUT + 60);   /* egg builds, then boots */
    private static Path cat;
    private static Path probe;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        cat = EggRun.bootableProgram("tests/stdin/stdin_cat.c");
        probe = EggRun.bootableProgram("tests/stdin/stdin_probe.c");
        work = EggRun.repoRoot().resolve("tests/target/stdin");
        Files.createDirectories(work);
    }

    /** Every byte value, the framing's look-alikes (0xFF 0x00, 0xFF 0x01), ^C ^D ^\ CR, a last 0xFF. */
    @Test
    void everyByteValueArrivesAsItIs() throws Exception {
        byte[] input = new byte[16 * 256 + 12];
        for (int i = 0; i < 16 * 256; i++) {
            input[i] = (byte) i;
        }
        byte[] tail = {(byte) 0xFF, 0, (byte) 0xFF, 1, (byte) 0xFF, (byte) 0xFF, 4, 3, 0x1C, '\r', '\n', (byte) 0xFF};
        System.arraycopy(tail, 0, input, 16 * 256, tail.length);
        Output host = sameAsHost("bytes", List.of(cat.toString()), input, false, null);
        assertArrayEquals(input, host.out());
    }

    /**
     * 2 MiB read 1000 bytes at a time after a 2 s sleep: the input piles up, the kernel stops the
     * serial port, QEMU stops reading, egg stops writing; nothing is lost. (The serial port takes
     * some 100-200 KB/s under TCG: a longer --timeout.)
     */
    @Test
    void slowReaderGetsEveryByteOfMegabytes() throws Exception {
        byte[] input = new byte[2 << 20];
        new Random(14).nextBytes(input);
        Output host = sameAsHost("slow", List.of(cat.toString(), "2000", "1000"), input, false, null, SLOW_TIMEOUT);
        assertArrayEquals(input, host.out());
    }

    /** Lines of 10 000 and 5 000 bytes (a tty's limit is 4095) and a last one without its newline. */
    @Test
    void longLinesAndAnEndInsideALine() throws Exception {
        byte[] input = longLines();
        Output host = sameAsHost("lines", List.of(cat.toString()), input, false, null);
        assertArrayEquals(input, host.out());
    }

    /** {@code < /dev/null}: the end at once. */
    @Test
    void devNullIsAnImmediateEnd() throws Exception {
        Output host = run("devnull-host", List.of(cat.toString()), Path.of("/dev/null"), false, null);
        assertEquals("stdin_cat: 0 bytes, then the end\n", host.err());
        Output egg = run("devnull-eggos", egg(cat, EggRun.EGG_TIMEOUT_SECONDS, List.of("--quiet"), List.of()), Path.of("/dev/null"), false, null);
        assertSame(host, egg, "devnull");
    }

    /** fd 0 is a pipe: written only once the program has checked what holds before any input. */
    @Test
    void stdinIsAPipe() throws Exception {
        byte[] input = PipedInputTest.text(3, 100 << 10, true);
        sameAsHost("probe", List.of(probe.toString()), input, true, "ready\n");
    }

    @Test
    void javaReadsEveryByteToTheEnd() throws Exception {
        byte[] input = new byte[4 * 256];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 7);
        }
        Output host = java("java-bytes", "bytes", input);
        assertArrayEquals(input, host.out());
    }

    @Test
    void javaScannerReadsEveryLine() throws Exception {
        Output host = java("java-scanner", "scanner", longLines());
        assertEquals("scanner: 5 lines, then the end; console: none\n", host.err());
    }

    /** A long UTF-8 text: lines of 10 000 and 5 000 bytes between short ones, the last unended. */
    private static byte[] longLines() {
        String text = "first\n" + "é€x".repeat(1700) + "\n\n" + "0123456789".repeat(500) + "\nthe end, unended";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Output java(String name, String mode, byte[] input) throws Exception {
        JavaExamplesTest.requireJdk(JavaExamplesTest.JDK17);
        JavaExamplesTest.Example e = new JavaExamplesTest.Example("tests/stdin/java", "StdinRead", List.of(mode));
        Path classes = JavaExamplesTest.compile(JavaExamplesTest.JDK17, e);
        List<String> host = List.of(JavaExamplesTest.JDK17.resolve("bin/java").toString(), "-cp",
                classes.toString(), "StdinRead", mode);
        Path in = inputFile(name, input);
        Output h = run(name + "-host", host, in, true, null);
        assertEquals(0, h.status(), name + " on the host: " + h.err());
        List<String> options = JavaExamplesTest.eggOptions(JavaExamplesTest.JDK17, e, List.of());
        Output egg = run(name + "-eggos", egg(JavaExamplesTest.exampleDir(e), EggRun.EGG_TIMEOUT_SECONDS, options, e.args()), in, false, null);
        assertSame(h, egg, name);
        return h;
    }

    /** What a run gave. */
    record Output(int status, byte[] out, String err) {
    }

    /**
     * program on the host with input through a pipe, then in eggos with egg's stdin the input's file
     * (or a pipe: eggPiped); both must give the same. waitFor: written only once stdout has it.
     */
    private static Output sameAsHost(String name, List<String> program, byte[] input, boolean eggPiped,
                                     String waitFor) throws Exception {
        return sameAsHost(name, program, input, eggPiped, waitFor, EggRun.EGG_TIMEOUT_SECONDS);
    }

    private static Output sameAsHost(String name, List<String> program, byte[] input, boolean eggPiped,
                                     String waitFor, int timeoutSeconds) throws Exception {
        Path in = inputFile(name, input);
        Output host = run(name + "-host", program, in, true, waitFor);
        assertEquals(0, host.status(), name + " on the host: " + host.err());
        Path binary = Path.of(program.get(0));
        Output egg = run(name + "-eggos", egg(binary, timeoutSeconds, List.of("--quiet"), program.subList(1, program.size())), in, eggPiped,
                waitFor);
        assertSame(host, egg, name);
        return host;
    }

    private static Path inputFile(String name, byte[] input) throws IOException {
        Path in = work.resolve(name + ".in");
        Files.write(in, input);
        return in;
    }

    /** egg run --timeout timeoutSeconds [options] program -- args. */
    private static List<String> egg(Path program, int timeoutSeconds, List<String> options, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(timeoutSeconds)));
        cmd.addAll(options);
        cmd.add(program.toString());
        cmd.add("--");
        cmd.addAll(args);
        return EggRun.command(cmd);
    }

    /**
     * Runs command with stdin the file input, or a pipe the test writes input to (once stdout has
     * waitFor, when given) and then closes; stdout and stderr into files.
     */
    static Output run(String name, List<String> command, Path input, boolean piped, String waitFor)
            throws Exception {
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(piped ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(input.toFile()))
                .start();
        if (piped) {
            Thread writer = new Thread(() -> feed(p, input, out, waitFor), "stdin-test-writer");
            writer.setDaemon(true);
            writer.start();
        }
        if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            Proc.kill(p);
            fail(name + ": still running after " + LIMIT.toSeconds() + " s\ncommand: " + String.join(" ", command)
                    + "\nstderr:\n" + TextDiff.tail(Files.readString(err, StandardCharsets.ISO_8859_1), 30));
        }
        return new Output(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    /** Writes input to p's stdin, once its stdout (the file out) has waitFor, then closes it. */
    private static void feed(Process p, Path input, Path out, String waitFor) {
        try (OutputStream in = p.getOutputStream()) {
            while (waitFor != null && p.isAlive()
                    && !Files.readString(out, StandardCharsets.ISO_8859_1).contains(waitFor)) {
                Thread.sleep(50);
            }
            Files.copy(input, in);
        } catch (IOException | InterruptedException e) {
            // The process ended before taking it all: its status and output say why.
        }
    }

    private static void assertSame(Output host, Output egg, String name) {
        String both = "\n" + name + " in eggos: status " + egg.status() + EggRun.explainStatus(egg.status())
                + ", stdout " + egg.out().length + " bytes (host " + host.out().length + ")" + firstDifference(host, egg)
                + "\nstderr:\n" + TextDiff.tail(egg.err(), 30);
        assertEquals(host.status(), egg.status(), both);
        assertArrayEquals(host.out(), egg.out(), both);
        assertEquals(host.err(), egg.err(), both);
    }

    private static String firstDifference(Output host, Output egg) {
        int at = Arrays.mismatch(host.out(), egg.out());
        return at < 0 ? "" : ", first difference at byte " + at;
    }
}
