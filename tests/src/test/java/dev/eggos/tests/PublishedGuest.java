package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program booted with {@code egg run -p PORT:GUEST} in the background, for tests that talk to
 * it from the host: {@link #start} returns once its console printed the line that says it is
 * ready.
 */
final class PublishedGuest implements AutoCloseable {
    final Process egg;
    final int port;
    final Path log;

    private PublishedGuest(Process egg, int port, Path log) {
        this.egg = egg;
        this.port = port;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** egg run --timeout 900 -p FREE:guestPort [options] program, waiting for a line starting with ready. */
    static PublishedGuest start(Path program, int guestPort, List<String> options, String ready)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("eggos-guest-", ".err");
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", "900", "-p", port + ":" + guestPort));
        cmd.addAll(options);
        cmd.add(program.toString());
        Process egg = new ProcessBuilder(EggRun.command(cmd))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(log.toFile())
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(egg.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l.strip());
                }
            } catch (IOException e) {
                // egg ended
            }
            lines.add("<eof>");
        });
        reader.setDaemon(true);
        reader.start();
        PublishedGuest g = new PublishedGuest(egg, port, log);
        String first = lines.poll(300, TimeUnit.SECONDS);
        if (first == null || !first.startsWith(ready)) {
            g.close();
            fail(program + " did not get ready (first console line: " + first + ")" + g.kernelLog());
        }
        return g;
    }

    String kernelLog() {
        try {
            return "\nkernel log:\n" + TextDiff.tail(Files.readString(log), 40);
        } catch (IOException e) {
            return "\n(no kernel log: " + e + ")";
        }
    }

    /** Waits for the guest to end by itself: its exit status, or -1 after the timeout. */
    int waitFor(long seconds) throws InterruptedException {
        return egg.waitFor(seconds, TimeUnit.SECONDS) ? egg.exitValue() : -1;
    }

    @Override
    public void close() throws IOException {
        egg.descendants().forEach(ProcessHandle::destroyForcibly);   // QEMU under egg
        egg.destroyForcibly();
        Files.deleteIfExists(log);
    }
}
