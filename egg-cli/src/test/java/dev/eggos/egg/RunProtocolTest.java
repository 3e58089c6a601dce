package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class RunProtocolTest {
    private final StringWriter forwarded = new StringWriter();
    private final KernelLog log = new KernelLog(new PrintWriter(forwarded));

    private void feed(String s) throws IOException {
        log.pump(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void forwardsLogAndKeepsControlLines() throws IOException {
        feed("eggos: booting\r\nwarning: syscall 999 not implemented\neggos:exit=3\n");
        assertEquals("eggos: booting\nwarning: syscall 999 not implemented\n", forwarded.toString());
        assertEquals(OptionalInt.of(3), log.exitStatus());
        assertFalse(log.panicked());
    }

    @Test
    void inputReadyLineOpensTheConsoleInput() throws IOException {
        assertEquals(1, log.inputReady().getCount());
        feed("eggos: booting\neggos:input\n");
        assertEquals(0, log.inputReady().getCount());
        assertEquals("eggos: booting\n", forwarded.toString());
    }

    /** Piped input waits for the kernel's eggos:input, then goes whole, followed by VEOF. */
    @Test
    void consoleInputWaitsUntilTheKernelTakesIt() throws Exception {
        ByteArrayOutputStream qemu = new ByteArrayOutputStream();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = ConsoleInput.pump(new ByteArrayInputStream("abc\nhello\n".getBytes(StandardCharsets.UTF_8)),
                qemu, ready, ConsoleInput.Mode.TTY);
        pump.join(300);
        assertTrue(pump.isAlive());
        assertEquals(0, qemu.size(), "sent before the kernel was ready");
        ready.countDown();
        pump.join(10_000);
        assertFalse(pump.isAlive());
        assertEquals("abc\nhello\n\u0004", qemu.toString(StandardCharsets.UTF_8));
    }

    /** An input that ends inside a line: one VEOF hands the line over, a second one ends the input. */
    @Test
    void consoleInputEndingInsideALineGetsTwoVeofs() throws Exception {
        assertEquals("abc\u0004\u0004", pumped("abc"));
        assertEquals("\u0004", pumped(""));
        assertEquals("a\nb\u0004\u0004", pumped("a\nb"));
    }

    private static String pumped(String input) throws InterruptedException {
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        return new String(pumped(in, ConsoleInput.Mode.TTY), StandardCharsets.UTF_8);
    }

    private static byte[] pumped(byte[] input, ConsoleInput.Mode mode) throws InterruptedException {
        ByteArrayOutputStream qemu = new ByteArrayOutputStream();
        CountDownLatch ready = new CountDownLatch(0);
        Thread pump = ConsoleInput.pump(new ByteArrayInputStream(input), qemu, ready, mode);
        pump.join(10_000);
        assertFalse(pump.isAlive());
        return qemu.toByteArray();
    }

    /** A pipe for the program's fd 0: every byte as it is but 0xFF (0xFF 0x00), then 0xFF 0x01. */
    @Test
    void rawInputDoublesEscapesAndEndsWithTheEndMark() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] expected = Arrays.copyOf(all, 259);   // all, then 0x00 after its last 0xFF,
        expected[257] = (byte) 0xFF;                           // then 0xFF 0x01: the end
        expected[258] = 1;
        assertArrayEquals(new byte[] {(byte) 0xFF, 1}, pumped(new byte[0], ConsoleInput.Mode.RAW));
        assertArrayEquals(expected, pumped(all, ConsoleInput.Mode.RAW));
        assertArrayEquals(new byte[] {4, (byte) 0xFF, 0, (byte) 0xFF, 0, (byte) 0xFF, 1},
                pumped(new byte[] {4, (byte) 0xFF, (byte) 0xFF}, ConsoleInput.Mode.RAW), "no VEOF, no line rule");
    }

    @Test
    void panic() throws IOException {
        feed("panic: page fault at 0x0\n  rip=0xffffffff80001000\neggos:panic\n");
        assertTrue(log.panicked());
        assertEquals(OptionalInt.empty(), log.exitStatus());
        assertEquals("panic: page fault at 0x0\n  rip=0xffffffff80001000\n", forwarded.toString());
    }

    @Test
    void lastLineWithoutNewlineAndLookalikes() throws IOException {
        feed("eggos:exit=256\n eggos:exit=1\neggos:exit=12x\nunfinished");
        assertEquals(OptionalInt.empty(), log.exitStatus());
        assertEquals("eggos:exit=256\n eggos:exit=1\neggos:exit=12x\nunfinished\n", forwarded.toString());
    }

    @Test
    void qemuTerminationNoiseOnlyDroppedWhenEggKilledIt() {
        log.line("qemu-system-x86_64: terminating on signal 15 from pid 42 (java)");
        log.killedByEgg();
        log.line("qemu-system-x86_64: terminating on signal 15 from pid 42 (java)");
        assertEquals("qemu-system-x86_64: terminating on signal 15 from pid 42 (java)\n", forwarded.toString());
    }

    @Test
    void outcomes() {
        Outcome ok = new Outcome(OptionalInt.of(0), false, false, 0, 1, false);
        assertEquals(0, ok.status());
        assertEquals(Optional.empty(), ok.message());

        Outcome segv = new Outcome(OptionalInt.of(139), false, false, 0, 1, false);
        assertEquals(139, segv.status());
        assertEquals(Optional.of("Segmentation fault"), segv.message());

        Outcome panic = new Outcome(OptionalInt.empty(), true, false, 0, 1, false);
        assertEquals(125, panic.status());
        assertEquals(Optional.of("egg: kernel panic (the kernel says why above)"), panic.message());

        Outcome early = new Outcome(OptionalInt.empty(), false, false, 0, 0, false);
        assertEquals(125, early.status());
        assertEquals(Optional.of("egg: QEMU exited with status 0 before the program finished"), early.message());

        Outcome slow = new Outcome(OptionalInt.empty(), false, true, 30, 143, false);
        assertEquals(124, slow.status());
        assertEquals(Optional.of("egg: timed out after 30 s"), slow.message());

        Outcome exitedThenSlow = new Outcome(OptionalInt.of(7), false, true, 30, 143, false);
        assertEquals(7, exitedThenSlow.status());

        Outcome stopped = new Outcome(OptionalInt.empty(), false, false, 0, 143, true);
        assertEquals(137, stopped.status());
        assertEquals(Optional.of("egg: the program did not stop after SIGTERM; egg ended the machine"),
                stopped.message());

        Outcome stoppedByItself = new Outcome(OptionalInt.of(143), false, false, 0, 1, false);
        assertEquals(143, stoppedByItself.status());
        assertEquals(Optional.of("Terminated"), stoppedByItself.message());
    }

    @Test
    void signalMessages() {
        assertEquals(Optional.of("Aborted"), Outcome.signalMessage(134));
        assertEquals(Optional.of("Illegal instruction"), Outcome.signalMessage(132));
        assertEquals(Optional.of("Floating point exception"), Outcome.signalMessage(136));
        assertEquals(Optional.of("Bus error"), Outcome.signalMessage(135));
        assertEquals(Optional.of("Trace/breakpoint trap"), Outcome.signalMessage(133));
        assertEquals(Optional.of("Killed"), Outcome.signalMessage(137));
        assertEquals(Optional.empty(), Outcome.signalMessage(130));
        assertEquals(Optional.empty(), Outcome.signalMessage(128));
        assertEquals(Optional.empty(), Outcome.signalMessage(1));
    }
}
