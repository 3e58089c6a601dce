package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * egg's stdin as the guest's console input (COM1).
 *
 * <p>When egg's stdin is a terminal, QEMU takes it as it is ({@code -chardev stdio}, which puts
 * the terminal in raw mode): every key reaches the guest's tty, which echoes and edits the line;
 * Ctrl-C and Ctrl-\ become the guest program's SIGINT and SIGQUIT ({@code signal=off}), Ctrl-D
 * its end of input; QEMU's multiplexer gives Ctrl-A x to end the machine whatever the guest does.
 *
 * <p>Otherwise (a pipe, a file, /dev/null) egg copies its stdin to QEMU through a pipe, in one of
 * two ways ({@link Mode}). {@link Mode#RAW}, for {@code egg run} of a program: the kernel is told
 * ({@value #RAW_ARG}) that the program's fd 0 is a pipe, not the tty (the kernel's fs/indev.c), and
 * egg sends every byte as it is except 0xFF, sent as 0xFF 0x00, and ends the input with 0xFF 0x01:
 * the program reads the bytes of egg's stdin, any value, then the end, as {@code java X < f} does.
 * {@link Mode#TTY} where egg cannot tell the kernel (an image of egg pack, whose command line is
 * fixed) or where the machine has a keyboard and screen (--graphic, whose terminal is the
 * program's): the bytes go to the guest's tty, and egg ends the input with the tty's end-of-input
 * character (VEOF, Ctrl-D), as a terminal would; there the kernel is told ({@value #TTY_ARG}) that
 * nobody types, so its tty does not echo.
 *
 * <p>egg sends nothing before the kernel says that its console takes input ({@code eggos:input} on
 * the log, see {@link KernelLog}): a byte that reaches the serial port while the kernel turns its
 * FIFO on is lost, and with an ISO the firmware and GRUB would read the serial port first. From
 * then on nothing is lost and nothing piles up: the kernel stops the serial port when the program
 * has not read what came, QEMU then takes nothing more from the pipe, and egg waits to write.
 */
public final class ConsoleInput {
    /** How egg's piped stdin reaches the program. */
    public enum Mode {
        /** The program's fd 0 is a pipe (kernel argument {@value #RAW_ARG}): bytes framed as above. */
        RAW,
        /** The program's fd 0 is the tty: bytes as typed, VEOF at the end. */
        TTY
    }

    /** The tty's default VEOF character, Ctrl-D. */
    public static final int VEOF = 4;
    /** The byte that starts an escape in {@link Mode#RAW}; never in UTF-8, so text costs nothing. */
    public static final int ESC = 0xFF;
    /** After {@link #ESC}: a data byte 0xFF. */
    public static final int ESC_BYTE = 0x00;
    /** After {@link #ESC}: the end of the input. */
    public static final int ESC_EOF = 0x01;
    /** The kernel argument that makes the program's fd 0 a pipe of egg's stdin. */
    public static final String RAW_ARG = "stdin=pipe";
    /** The kernel argument that says nobody types on the tty (no echo). */
    public static final String TTY_ARG = "console=pipe";

    private ConsoleInput() {
    }

    /** Whether egg's stdin is a terminal (where its fd 0 leads, as isatty(0) would tell). */
    public static boolean stdinIsTerminal() {
        return HostStreams.isTerminal(0);
    }

    /** QEMU's -chardev for the console: stdio, multiplexed on a terminal for Ctrl-A x. */
    public static String chardev(boolean terminal) {
        return terminal ? "stdio,id=con,mux=on,signal=off" : "stdio,id=con,signal=off";
    }

    /** The kernel argument for a piped stdin in this mode. */
    public static String kernelArg(Mode mode) {
        return mode == Mode.RAW ? RAW_ARG : TTY_ARG;
    }

    /**
     * Once {@code ready} opens, copies {@code in} to QEMU's stdin as {@code mode} says, then ends
     * the input. QEMU's stdin stays open (a closed one would be no more than another end of input).
     */
    public static Thread pump(InputStream in, OutputStream qemu, CountDownLatch ready, Mode mode) {
        Thread t = new Thread(() -> {
            try {
                ready.await();
                if (mode == Mode.RAW) {
                    copyFramed(in, qemu);
                } else {
                    copyEndingWithVeof(in, qemu);
                }
                qemu.flush();
            } catch (IOException e) {
                // QEMU went away: nothing more to send.
            } catch (InterruptedException e) {
                // Nobody interrupts this thread; if one did, it would send nothing more.
            }
        }, "egg-console-input");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@link Mode#RAW}: each 0xFF doubled as 0xFF 0x00, then 0xFF 0x01 for the end. */
    private static void copyFramed(InputStream in, OutputStream qemu) throws IOException {
        byte[] buf = new byte[8192];
        byte[] framed = new byte[2 * buf.length];
        for (int n; (n = in.read(buf)) > 0; ) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                framed[m++] = buf[i];
                if ((buf[i] & 0xFF) == ESC) {
                    framed[m++] = ESC_BYTE;
                }
            }
            qemu.write(framed, 0, m);
            qemu.flush();
        }
        qemu.write(new byte[] {(byte) ESC, ESC_EOF});
    }

    /**
     * {@link Mode#TTY}: VEOF at the end, twice when the input ends inside a line, as the first VEOF
     * only hands over that last line (as on a terminal: "abc" then Ctrl-D reads as "abc", a second
     * Ctrl-D as the end).
     */
    private static void copyEndingWithVeof(InputStream in, OutputStream qemu) throws IOException {
        byte[] buf = new byte[8192];
        int last = '\n';
        for (int n; (n = in.read(buf)) > 0; ) {
            qemu.write(buf, 0, n);
            qemu.flush();
            last = buf[n - 1];
        }
        qemu.write(VEOF);
        if (last != '\n') {
            qemu.write(VEOF);
        }
    }
}
