// Runs a process with a timeout and timestamps every line it prints, as the benchmarks' clock.
package dev.eggos.bench.proc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs commands, stdin from /dev/null, and records when each line of stdout and stderr arrives
 * (seconds from the start). A guest's run ends as soon as its exit line appears (QEMU is then
 * given 5 s to exit by itself, and killed); every run is killed at its timeout.
 */
public final class ProcessRunner {
    private static final long ABORT_POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Terminal escapes: eggos' boot mark (SGR reset, window title) comes before the first line. */
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b\\][^\u0007]*\u0007");

    private static final Object EOF = new Object();

    private ProcessRunner() {
    }

    public static Proc run(Command cmd) throws IOException {
        return run(cmd, line -> {
        }, new CompletableFuture<>());
    }

    /**
     * The same, telling {@code onLine} of each line as it arrives; the process is killed as soon
     * as {@code abort} completes (the result is then {@link Proc#aborted}).
     */
    public static Proc run(Command cmd, Consumer<Line> onLine, CompletableFuture<?> abort) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd.argv()).directory(cmd.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (cmd.clearEnv()) {
            pb.environment().clear();
        }
        pb.environment().putAll(cmd.env());
        LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        Process p = pb.start();
        read(p.getInputStream(), false, start, q);
        read(p.getErrorStream(), true, start, q);
        try {
            return collect(cmd, p, start, q, onLine, abort);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** A daemon thread that queues the stream's lines, then EOF. */
    private static void read(InputStream in, boolean err, long start, LinkedBlockingQueue<Object> q) {
        Thread t = new Thread(() -> {
            try (BufferedReader rd = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = rd.readLine()) != null) {
                    q.add(new Line((System.nanoTime() - start) / 1e9, err, clean(l)));
                }
            } catch (IOException e) {
                // the process went away
            }
            q.add(EOF);
        }, "bench-reader");
        t.setDaemon(true);
        t.start();
    }

    private static Proc collect(Command cmd, Process p, long start, LinkedBlockingQueue<Object> q,
                                Consumer<Line> onLine, CompletableFuture<?> abort) throws InterruptedException {
        ExitWatch watch = cmd.watch();
        List<Line> timed = new ArrayList<>();
        Integer exit = null;
        double exitAt = -1;
        boolean timedOut = false;
        boolean aborted = false;
        boolean panicked = false;
        long deadline = start + TimeUnit.SECONDS.toNanos(cmd.timeoutSeconds());
        int eofs = 0;
        while (eofs < 2) {
            long left = deadline - System.nanoTime();
            if (abort.isDone()) {
                aborted = true;
                break;
            }
            Object o = left > 0 ? q.poll(Math.min(left, ABORT_POLL_NS), TimeUnit.NANOSECONDS) : null;
            if (o == null) {
                timedOut = left <= 0;
                if (timedOut) {
                    break;
                }
                continue;
            }
            if (o == EOF) {
                eofs++;
                continue;
            }
            Line line = (Line) o;
            onLine.accept(line);
            timed.add(line);
            if (watch != null && line.err() == watch.onStderr()) {
                Matcher m = watch.exit().matcher(line.text());
                if (m.matches()) {
                    exit = Integer.parseInt(m.group(1));
                    exitAt = line.t();
                    break;
                }
                panicked |= watch.panic().test(line.text());
            }
        }
        if (timedOut || aborted || !p.waitFor(5, TimeUnit.SECONDS)) {
            kill(p);
        }
        if (watch == null) {
            p.waitFor();
            if (exitAt < 0) {
                exitAt = (System.nanoTime() - start) / 1e9;
            }
            if (!timedOut) {
                exit = p.exitValue();
            }
        }
        int status = timedOut ? 124 : p.exitValue();
        // Lines still in flight (the rest of the output after the exit line).
        Thread.sleep(20);
        for (Object o; (o = q.poll()) != null; ) {
            if (o != EOF) {
                timed.add((Line) o);
            }
        }
        return new Proc(timed, status, exit, exitAt, timedOut, aborted, panicked);
    }

    private static void kill(Process p) {
        List<ProcessHandle> kids = p.descendants().collect(Collectors.toList());
        p.destroyForcibly();
        kids.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line without its CR and terminal escapes. */
    private static String clean(String s) {
        String t = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        return t.indexOf('\u001b') >= 0 ? ESCAPES.matcher(t).replaceAll("") : t;
    }
}
