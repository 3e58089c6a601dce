package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Piped input reaches the program whole: tests/stdin/stdin_check.c reads its stdin to the end
 * and prints the number of bytes and lines and a CRC-32, which must be the input's, in every run.
 * The input is there before the machine boots (a file: the kernel's UART must not lose a byte
 * while it is set up, egg holds it back until then), read at once or after the program slept
 * (the input piles up in the kernel, whose flow control stops the serial port), or written after
 * the program said it is ready; 64 KiB and 1 MiB; ending inside a line; and examples/repl, the
 * JVM, a few times. The program's fd 0 is a pipe of egg's stdin (the kernel's fs/indev.c):
 * StdinTest has binary input, long lines and the host's answers. {@code -Dpiped.runs=N} runs the
 * first mix N times (default 24).
 */
class PipedInputTest {
    static final Duration LIMIT = Duration.ofSeconds(150);   /* egg builds, then boots with its --timeout */
    private static Path program;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        program = EggRun.bootableProgram("tests/stdin/stdin_check.c");
        work = EggRun.repoRoot().resolve("tests/target/piped-input");
        Files.createDirectories(work);
    }

    /** Lines of printable text (some UTF-8) of 0 to 120 characters, about size bytes. */
    static byte[] text(long seed, int size, boolean endInsideLine) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?'\"()[]{}<>/\\|#$%&*+-=_~`@^é€";
        while (sb.length() < size) {
            int n = r.nextInt(121);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            sb.append('\n');
        }
        if (endInsideLine) {
            sb.append("the end, without a newline");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What stdin_check prints for input. */
    static String expected(byte[] input) {
        CRC32 crc = new CRC32();
        crc.update(input);
        long lines = 0;
        for (byte b : input) {
            lines += b == '\n' ? 1 : 0;
        }
        return String.format("ready\nend of input: bytes=%d lines=%d crc32=%08x\n", input.length, lines,
                crc.getValue());
    }

    /** egg run with args, stdin from input (given at once); its raw stdout after checking its status. */
    static String run(String name, byte[] input, List<String> args) throws Exception {
        Path in = work.resolve(name + ".in");
        Files.write(in, input);
        Process p = start(name, args, ProcessBuilder.Redirect.from(in.toFile()));
        return finish(name, p);
    }

    static Process start(String name, List<String> args, ProcessBuilder.Redirect stdin) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(EggRun.EGG_TIMEOUT_SECONDS)));
        cmd.addAll(args);
        return new ProcessBuilder(EggRun.command(cmd)).redirectInput(stdin)
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile()).start();
    }

    static String finish(String name, Process p) throws Exception {
        if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            Proc.kill(p);
            fail(name + ": still running after " + LIMIT.toSeconds() + " s" + describe(name));
        }
        assertEquals(0, p.exitValue(), name + ": status" + EggRun.explainStatus(p.exitValue()) + describe(name));
        return out(name);
    }

    static String out(String name) throws IOException {
        return Files.readString(work.resolve(name + ".out"), StandardCharsets.ISO_8859_1);
    }

    static String describe(String name) throws IOException {
        return "\nstdout:\n" + out(name) + "\nstderr:\n"
                + TextDiff.tail(Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8), 30);
    }

    static void check(String name, byte[] input, List<String> args) throws Exception {
        assertEquals(expected(input), run(name, input, args), name + describe(name));
    }

    /**
     * Inputs there before the boot, many times: a few bytes; lines read after the program slept
     * 300 ms (piled up in the tty, the serial port stopped and started again); 64 KiB likewise;
     * 3000 short lines and a last one without its newline, read at once.
     */
    @Test
    void inputGivenAtOnceArrivesWhole() throws Exception {
        int runs = Integer.getInteger("piped.runs", 24);
        for (int i = 0; i < runs; i++) {
            String name = "at-once-" + i;
            switch (i % 4) {
                case 0 -> check(name, "abc\nhello\n".getBytes(StandardCharsets.US_ASCII), List.of(program.toString()));
                case 1 -> check(name, text(i, 6000, false), List.of(program.toString(), "--", "300"));
                case 2 -> check(name, text(i, 64 << 10, false), List.of(program.toString(), "--", "300"));
                default -> {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < 3000; k++) {
                        sb.append(k % 10 == 0 ? "" : Integer.toString(k)).append('\n');
                    }
                    sb.append("last");
                    check(name, sb.toString().getBytes(StandardCharsets.US_ASCII), List.of(program.toString()));
                }
            }
        }
    }

    /** Input written only after the program said it is ready, then the end of the pipe. */
    @Test
    void inputGivenLateArrivesWhole() throws Exception {
        for (int i = 0; i < 4; i++) {
            String name = "late-" + i;
            byte[] input = text(100 + i, 16 << 10, i % 2 == 1);
            Process p = start(name, List.of(program.toString()), ProcessBuilder.Redirect.PIPE);
            try (OutputStream in = p.getOutputStream()) {
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!out(name).contains("ready\n")) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        Proc.kill(p);
                        fail(name + ": no \"ready\"" + describe(name));
                    }
                    Thread.sleep(50);
                }
                in.write(input);
            }
            assertEquals(expected(input), finish(name, p), name + describe(name));
        }
    }

    /** 1 MiB at once, read as it comes: thousands of stops and starts of the serial port. */
    @Test
    void oneMebibyteArrivesWhole() throws Exception {
        check("mebibyte", text(7, 1 << 20, false), List.of(program.toString()));
    }

    /** examples/repl, the JVM reading lines: the SHA-1 of each piped line, every time. */
    @Test
    void replGetsEveryPipedLine() throws Exception {
        String expected = ">>> " + ConsoleTest.SHA1_ABC + "\n>>> " + ConsoleTest.SHA1_HELLO + "\n>>> \n";
        for (int i = 0; i < 3; i++) {
            String name = "repl-" + i;
            String out = run(name, "abc\nhello\n".getBytes(StandardCharsets.US_ASCII),
                    List.of(EggRun.repoRoot().resolve("examples/repl").toString()));
            assertEquals(expected, out, name + describe(name));
        }
    }
}
