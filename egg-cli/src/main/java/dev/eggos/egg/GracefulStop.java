package dev.eggos.egg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * egg run's answer to SIGTERM and SIGHUP (docker stop, systemd stopping a service, a closed
 * session): it presses the machine's power button, which the kernel turns into SIGTERM for the
 * program, so that the program ends as it would on Linux (its handlers and shutdown hooks run) and
 * egg exits with its status, 143 when SIGTERM killed it. A second signal, or the program still
 * running {@code --stop-timeout} seconds after the first, ends the machine: status 137, as docker's
 * SIGKILL after its stop timeout. On microvm, whose hardware-reduced ACPI has no fixed power
 * button, the program gets no SIGTERM: the machine ends after the grace period.
 *
 * <p>egg presses the button over a QMP socket of its own (QEMU takes several -qmp), in a temporary
 * folder of its own (a socket's path is short).
 */
final class GracefulStop implements AutoCloseable {
    /** The default grace period (docker's is 10 s, systemd's 90 s). */
    static final long DEFAULT_SECONDS = 30;
    /** egg's status when it ended the machine itself: 128 + SIGKILL. */
    static final int KILLED = 137;
    private static final List<String> SIGNALS = List.of("TERM", "HUP");

    private final long graceSeconds;
    private final Path dir;
    private final Path socket;
    private final AtomicInteger received = new AtomicInteger();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Runnable endMachine = () -> { };
    private volatile boolean ended;

    GracefulStop(long graceSeconds) throws IOException {
        this.graceSeconds = graceSeconds;
        this.dir = Files.createTempDirectory("egg-stop-");
        this.socket = dir.resolve("qmp.sock");
    }

    /**
     * QEMU's command with the socket egg presses the button through; when egg's input is not a
     * terminal, in a session of its own (setsid, which execs it: same pid), so that a signal to
     * egg's process group (kill %1, timeout(1), Ctrl-C on a terminal while input is piped) reaches
     * egg alone, and the program its SIGTERM through the button. On a terminal QEMU stays in egg's
     * session, whose terminal it drives.
     */
    List<String> command(List<String> qemu) {
        List<String> cmd = new ArrayList<>();
        if (!ConsoleInput.stdinIsTerminal()) {
            Host.which("setsid").ifPresent(setsid -> cmd.add(setsid.toString()));
        }
        cmd.addAll(qemu);
        cmd.addAll(List.of("-qmp", "unix:" + socket + ",server=on,wait=off"));
        return cmd;
    }

    /** From now on SIGTERM and SIGHUP press the button; endMachine ends QEMU. */
    void watch(Runnable endMachine) {
        this.endMachine = endMachine;
        for (String name : SIGNALS) {
            previous.add(Signal.handle(new Signal(name), s -> signalled()));
        }
    }

    /** Whether egg ended the machine after a signal (the program did not stop in time). */
    boolean ended() {
        return ended;
    }

    /** The signal dispatcher must not block: the button and the grace period run on a thread. */
    private void signalled() {
        if (received.getAndIncrement() > 0) {
            end();
            return;
        }
        Thread t = new Thread(this::pressAndWait, "egg-graceful-stop");
        t.setDaemon(true);
        t.start();
    }

    private void pressAndWait() {
        if (graceSeconds > 0) {
            try {
                pressPowerButton();
            } catch (IOException e) {
                // QEMU not listening yet, or gone before its answer (the program ended at once): the
                // grace period is the same.
            }
            try {
                Thread.sleep(graceSeconds * 1000);
            } catch (InterruptedException e) {
                // end now
            }
        }
        end();
    }

    private void end() {
        ended = true;
        endMachine.run();
    }

    /** QMP: the greeting, the capabilities handshake, then system_powerdown; each answer awaited. */
    private void pressPowerButton() throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
            in.readLine();
            command(in, out, "qmp_capabilities");
            command(in, out, "system_powerdown");
        }
    }

    private static void command(BufferedReader in, Writer out, String name) throws IOException {
        out.write("{\"execute\":\"" + name + "\"}\n");
        out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.contains("\"return\"")) {
                return;
            }
            if (line.contains("\"error\"")) {
                throw new IOException("QMP " + name + ": " + line);
            }
        }
        throw new IOException("QMP closed during " + name);
    }

    /** The signals' earlier handlers back; the socket's folder deleted. */
    @Override
    public void close() {
        for (int i = 0; i < previous.size(); i++) {
            Signal.handle(new Signal(SIGNALS.get(i)), previous.get(i));
        }
        previous.clear();
        FileTrees.delete(dir);
    }
}
