// Benchmark 7: examples/httpd through QEMU's user network as `egg run -p` forwards it, loaded from the host.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.Guest;
import dev.eggos.bench.http.HttpLoad;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * 7: examples/httpd, the JDK's HttpServer, through QEMU's user network with the port forwarded
 * as {@code egg run -p} does (egg's own flags, learnt from egg), loaded from the host by
 * {@link HttpLoad}: requests per second and p99 latency on 1 and 32 connections, then one upload.
 */
public final class HttpdBenchmark implements Benchmark {
    private static final String BENCH = "7 httpd";
    private static final int HTTPD_PORT = 8000;
    private static final String CAUSE = "the scheduler while the JIT warms up: a request's thread can wait out a JIT"
            + " compiler's or the GC's 8 ms slice (a woken thread preempts only threads that used a whole slice); for"
            + " the upload, the copies through lwIP and virtio-net";

    /** The series of the rows, in their order: 1 connection req/s and p99, 32 connections req/s and p99, upload. */
    private static final int ROWS = 5;
    private static final int UPLOAD = 4;

    /** How long the server is loaded, in seconds, and the upload's size. */
    record Load(double warmup, double window, long upload) {
        @Override
        public String toString() {
            return Fmt.num(warmup) + " s warm-up, " + Fmt.num(window) + " s per measurement, " + (upload >> 20)
                    + " MiB upload";
        }
    }

    @Override
    public void run(Context c) throws IOException {
        Optional<EggImage> built = c.images().javaProgram("httpd", c.options().root().resolve("examples/httpd"),
                List.of());
        if (built.isEmpty() || c.options().modules() == null) {
            c.results().add(Row.skipped(BENCH, "examples/httpd", built.isEmpty() ? "see the notes"
                    : "no --modules: the Linux guest needs Debian's virtio-net modules (bench/run passes them)"));
            return;
        }
        EggImage img = c.images().withNetwork(built.get());
        List<String> netFlags = netFlags(c);
        if (netFlags.isEmpty()) {
            c.results().fail();
            c.results().add(Row.skipped(BENCH, "examples/httpd", "egg printed no -netdev for `egg run -p`"));
            return;
        }
        boolean quick = c.options().quick();
        Load load = quick ? new Load(1, 1, 8 << 20) : new Load(20, 10, 100 << 20);
        int n = c.options().runs(quick ? 1 : 3);
        Log.say(BENCH + ": " + n + " runs per guest; " + load);
        Series[][] m = new Series[ROWS][];
        for (int k = 0; k < m.length; k++) {
            m[k] = new Series[] {new Series(), new Series(), k < UPLOAD ? Series.na() : new Series()};
        }
        for (int i = 0; i < n; i++) {
            StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
            for (Guest g : Guest.values()) {
                progress.append(' ').append(g.label).append(' ').append(serveAndLoad(c, img, g, netFlags, load, m));
            }
            Log.say(progress.toString());
        }
        addRows(c, load, m);
    }

    /** egg's options for {@code egg run -p}, with the host port left to fill in per run (%PORT%). */
    private static List<String> netFlags(Context c) throws IOException {
        int learnPort = freePort();
        List<String> eggCommand = c.egg().command(List.of("-p", learnPort + ":" + HTTPD_PORT));
        return c.guests().template().addedFlags(eggCommand).stream()
                .map(f -> f.replace("127.0.0.1:" + learnPort + "-", "127.0.0.1:%PORT%-")).collect(Collectors.toList());
    }

    private static void addRows(Context c, Load load, Series[][] m) {
        String how = "closed loop: each connection (kept alive) sends its next request when the reply comes; "
                + Fmt.num(load.window()) + " s measured after " + Fmt.num(load.warmup()) + " s of load (the JIT warms"
                + " up); through QEMU's user network (`hostfwd`, as `egg run -p` makes it); no host figure: the JDK's"
                + " HttpServer leaves Nagle's algorithm on and writes headers and body apart, so on the host's"
                + " loopback each kept-alive reply waits 40 ms for the client's delayed ACK (the guests' peer is"
                + " QEMU's slirp, which delays an ACK by 2 ms at most)";
        String[] what = {"GET /hello on 1 connection", "GET /hello on 32 connections"};
        for (int k = 0; k < 2; k++) {
            c.results().add(Row.of(BENCH, what[k] + ": requests per second", "req/s", m[2 * k], how)
                    .higherIsBetter().slowerBecause(CAUSE));
            c.results().add(Row.of(BENCH, what[k] + ": 99th percentile latency", "ms", m[2 * k + 1],
                    "of the requests in the measured window").slowerBecause(CAUSE));
        }
        c.results().add(Row.of(BENCH, "POST " + (load.upload() >> 20) + " MiB to /sha256: throughput", "MiB/s",
                m[UPLOAD], "one connection, from the first byte sent to the reply (the SHA-256 the server computed,"
                + " checked); host: the same program and JVM on the host's loopback").higherIsBetter()
                .slowerBecause(CAUSE));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * One boot (or host run) of the server: waits for it to listen, loads it, uploads, asks it to
     * quit. Adds to m: requests/s and p99 at 1 and 32 connections, upload MiB/s. Returns a
     * progress word.
     */
    private static String serveAndLoad(Context c, EggImage img, Guest g, List<String> netFlags, Load load,
                                       Series[][] m) {
        int port;
        Command cmd;
        try {
            port = freePort();
            cmd = command(c, img, g, netFlags, port);
        } catch (IOException e) {
            c.results().harnessError("httpd", e);
            return "harness error";
        }
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<Void> abort = new CompletableFuture<>();
        CompletableFuture<Proc> done = CompletableFuture.supplyAsync(() -> {
            try {
                return ProcessRunner.run(cmd, line -> {
                    if (!line.err() && line.text().startsWith("listening on port")) {
                        listening.complete(null);
                    }
                }, abort);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String failure = loadAndQuit(port, g, load, m, listening, done);
        abort.complete(null);
        Proc p = done.join();
        if (failure == null && !p.ok()) {
            failure = p.why();
        }
        if (failure != null) {
            for (Series[] s : m) {
                s[g.ordinal()].fail(failure);
            }
            Log.say(g.label + " httpd: " + failure + ": " + p.lastLines(5));
            return "failed";
        }
        return Fmt.num(m[g == Guest.HOST ? UPLOAD : 2][g.ordinal()].last()) + (g == Guest.HOST ? " MiB/s" : " req/s");
    }

    /** The server's run: a guest's QEMU with egg's network flags on {@code port}, or the host's command. */
    private static Command command(Context c, EggImage img, Guest g, List<String> netFlags, int port)
            throws IOException {
        long timeout = 600;
        if (g == Guest.HOST) {
            return c.guests().hostCommand(img, List.of(Integer.toString(port)), timeout);
        }
        List<String> qemu = new ArrayList<>(c.guests().qemu(img, g, c.options().mem()));
        netFlags.forEach(f -> qemu.add(f.replace("%PORT%", Integer.toString(port))));
        return c.guests().guestCommand(qemu, g, timeout);
    }

    /** Waits for the server to listen, loads it, asks it to quit; null, or why that failed. */
    private static String loadAndQuit(int port, Guest g, Load load, Series[][] m, CompletableFuture<Void> listening,
                                      CompletableFuture<Proc> done) {
        try {
            CompletableFuture.anyOf(listening, done).get(300, TimeUnit.SECONDS);
            if (!listening.isDone()) {
                return "ended before listening (" + done.join().why() + ")";
            }
            load(port, g, load, m);
        } catch (IOException e) {
            return e.getMessage();
        } catch (ExecutionException | TimeoutException e) {
            return "did not listen in 300 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        try {
            HttpLoad.once(port, "/quit");
            done.get(60, TimeUnit.SECONDS);
            return null;
        } catch (IOException e) {
            return "/quit: " + e.getMessage();
        } catch (ExecutionException | TimeoutException e) {
            return "did not exit in 60 s after /quit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The load of one httpd run. The host gets only the upload: its GETs would measure Nagle's
     * algorithm (see the rows' notes).
     */
    private static void load(int port, Guest g, Load load, Series[][] m) throws IOException {
        int k = g.ordinal();
        if (g != Guest.HOST) {
            String path = "/hello";
            String body = "hello eggos\n";
            HttpLoad.get(port, path, body, 32, 0, load.warmup());
            HttpLoad.Result one = HttpLoad.get(port, path, body, 1, 1, load.window());
            HttpLoad.Result many = HttpLoad.get(port, path, body, 32, 1, load.window());
            if (one.requests() == 0 || many.requests() == 0) {
                throw new IOException("no request completed in " + Fmt.num(load.window()) + " s");
            }
            m[0][k].add(one.perSecond());
            m[1][k].add(one.percentileMs(0.99));
            m[2][k].add(many.perSecond());
            m[3][k].add(many.percentileMs(0.99));
        }
        m[UPLOAD][k].add(load.upload() / (1 << 20) / HttpLoad.upload(port, "/sha256", load.upload()));
    }
}
