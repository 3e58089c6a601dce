package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * egg's stdin as the guest's console input (COM1, a tty with a line discipline in the guest).
 *
 * <p>When egg's stdin is a terminal, QEMU takes it as it is ({@code -chardev stdio}, which puts
 * the terminal in raw mode): every key reaches the guest's tty, which echoes and edits the line;
 * Ctrl-C and Ctrl-\ become the guest program's SIGINT and SIGQUIT ({@code signal=off}), Ctrl-D
 * its end of input; QEMU's multiplexer gives Ctrl-A x to end the machine whatever the guest does.
 *
 * <p>Otherwise (a pipe, a file, /dev/null) egg copies its stdin to QEMU through a pipe and, when
 * its stdin ends, sends the tty's end-of-input character (VEOF, Ctrl-D): a program reading lines
 * sees the end of its input, as the same pipe into {@code java} gives it. The kernel is told
 * ({@code console=pipe}) that nobody types, so its tty does not echo what arrives, as a pipe on
 * the host is not echoed either. egg sends nothing before the kernel says that its console takes
 * input ({@code eggos:input} on the log, see {@link KernelLog}): a byte that reaches the serial
 * port while the kernel turns its FIFO on is lost, and with an ISO the firmware and GRUB would
 * read the serial port first. From then on nothing is lost: the kernel stops the serial port
 * when its tty is full, and QEMU then takes nothing more from the pipe.
 */
public final class ConsoleInput {
    /** The tty's default VEOF character, Ctrl-D. */
    public static final int VEOF = 4;
    /** The kernel argument that says egg's stdin is not a terminal. */
    public static final String PIPE_ARG = "console=pipe";

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

    /**
     * Once {@code ready} opens, copies {@code in} to QEMU's stdin, then ends the input with VEOF:
     * twice when it ends inside a line, as the first VEOF only hands over that last line (as on a
     * terminal: "abc" then Ctrl-D reads as "abc", a second Ctrl-D as the end). QEMU's stdin stays
     * open (a closed one would be no more than another end of input).
     */
    public static Thread pump(InputStream in, OutputStream qemu, CountDownLatch ready) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                ready.await();
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
}
