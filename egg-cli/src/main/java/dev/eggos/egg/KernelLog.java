package dev.eggos.egg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kernel's log (COM2, which QEMU writes to its stderr) line by line. Lines are
 * forwarded to egg's stderr as they arrive, except the control lines:
 * <ul>
 *   <li>{@code eggos:exit=N} (N from 0 to 255): the program ended with status N; not printed.</li>
 *   <li>{@code eggos:panic}: the kernel panicked (its panic text came before); not printed.</li>
 *   <li>{@code eggos:input}: the console takes input from now on (see {@link ConsoleInput}); not
 *       printed.</li>
 * </ul>
 * QEMU's own messages arrive on the same stream and are forwarded too.
 */
public final class KernelLog {
    public static final String EXIT_PREFIX = "eggos:exit=";
    public static final String PANIC = "eggos:panic";
    public static final String INPUT_READY = "eggos:input";
    private static final Pattern EXIT = Pattern.compile("eggos:exit=([0-9]{1,3})");
    private static final Pattern QEMU_TERMINATING = Pattern.compile("qemu-system-[^:]*: terminating on signal.*");

    private final PrintWriter err;
    private volatile int exitStatus = -1;
    private volatile boolean panicked;
    private volatile boolean killedByEgg;
    private final CountDownLatch inputReady = new CountDownLatch(1);
    /** Booting an ISO: lines before the kernel's {@link BootMark} are the firmware's and GRUB's. */
    private volatile boolean awaitingBootMark;
    private final java.util.List<String> beforeBootMark = new java.util.ArrayList<>();

    public KernelLog(PrintWriter err) {
        this.err = err;
    }

    /** Reads {@code in} to its end. */
    public void pump(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start);
                    line(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }
        if (line.size() > 0) {
            line(line.toString(StandardCharsets.UTF_8));
        }
        if (awaitingBootMark) {
            // The kernel never started: what the firmware and GRUB said may tell why.
            awaitingBootMark = false;
            beforeBootMark.forEach(this::line);
        }
    }

    /** Drops what comes before the kernel's boot mark (an ISO boot), unless it never comes. */
    public void awaitBootMark() {
        awaitingBootMark = true;
    }

    /** Handles one line (without its newline). */
    public void line(String text) {
        if (awaitingBootMark) {
            int at = text.indexOf(BootMark.MARK);
            if (at < 0) {
                if (beforeBootMark.size() < 1000) {
                    beforeBootMark.add(text);
                }
                return;
            }
            awaitingBootMark = false;
            text = text.substring(at + BootMark.MARK.length());
        }
        String s = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        Matcher m = EXIT.matcher(s);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 255) {
            exitStatus = Integer.parseInt(m.group(1));
            return;
        }
        if (s.equals(PANIC)) {
            panicked = true;
            return;
        }
        if (s.equals(INPUT_READY)) {
            inputReady.countDown();
            return;
        }
        if (killedByEgg && QEMU_TERMINATING.matcher(s).matches()) {
            return;
        }
        synchronized (err) {
            err.println(s);
            err.flush();
        }
    }

    /** egg is ending QEMU itself: QEMU's "terminating on signal" line is noise then. */
    public void killedByEgg() {
        killedByEgg = true;
    }

    public OptionalInt exitStatus() {
        int s = exitStatus;
        return s < 0 ? OptionalInt.empty() : OptionalInt.of(s);
    }

    public boolean panicked() {
        return panicked;
    }

    /** Opens when the kernel said that its console takes input. */
    public CountDownLatch inputReady() {
        return inputReady;
    }
}
