// The httpd benchmark's HTTP client: closed-loop keep-alive load, and one large upload.
package dev.eggos.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The httpd benchmark's client: closed-loop HTTP/1.1 load over keep-alive connections (as a
 * browser or {@code wrk} sends it), and one large upload. Plain sockets and a minimal response
 * parser, so that the client's own cost is small and the same for every server it is pointed
 * at.
 *
 * <p>Why keep-alive and not a connection per request: QEMU's user network accepts forwarded
 * connections on a host socket with a listen backlog of 1, so concurrent connects overflow it
 * and wait for SYN retransmissions (1 s, 3 s, ...) on the host, whatever the guest. That would
 * measure QEMU. For the same reason the connections are opened one at a time, each with a first
 * request answered, before the load starts.
 */
public final class HttpLoad {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int READ_TIMEOUT_MS = 30_000;

    private HttpLoad() {
    }

    /** Requests completed inside the measured window, and their latencies. */
    public record Result(long requests, double seconds, long[] latenciesNs) {
        public double perSecond() {
            return requests / seconds;
        }

        /** The latency below which the given fraction of requests completed, in milliseconds. */
        public double percentileMs(double q) {
            long[] sorted = latenciesNs.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
        }
    }

    /**
     * {@code connections} clients, each on its own keep-alive connection, send GET {@code path}
     * one after the other for {@code warmup + seconds}; only what completes in the last
     * {@code seconds} counts (there may be none: the caller decides). Every reply must be 200
     * with {@code body}; anything else fails the run with an IOException that says what came.
     */
    public static Result get(int port, String path, String body, int connections, double warmup, double seconds)
            throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                Socket s = connect(port);
                sockets.add(s);
                s.getOutputStream().write(request);
                String got = reply(s.getInputStream());
                if (!got.equals(body)) {
                    throw new IOException("GET " + path + " answered `" + got.strip() + "`");
                }
            }
            return load(sockets, request, path, body, warmup, seconds);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** The clients of {@link #get}, one thread a connection. */
    private static Result load(List<Socket> sockets, byte[] request, String path, String body, double warmup,
                               double seconds) throws IOException {
        int connections = sockets.size();
        long from = System.nanoTime() + (long) (warmup * 1e9);
        long to = from + (long) (seconds * 1e9);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[connections];
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            Socket s = sockets.get(c);
            Thread t = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
                    long[] lat = mine;
                    int n = 0;
                    for (long t0 = System.nanoTime(); t0 < to && failure.get() == null; t0 = System.nanoTime()) {
                        out.write(request);
                        out.flush();
                        String got = reply(in);
                        long t1 = System.nanoTime();
                        if (!got.equals(body)) {
                            throw new IOException("GET " + path + " answered `" + got.strip() + "`");
                        }
                        if (t0 >= from && t1 <= to) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, 2 * n);
                                latencies.set(id, lat);
                            }
                            lat[n++] = t1 - t0;
                        }
                    }
                    counts[id] = n;
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }, "http-load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, (int) counts[c]);
            k += (int) counts[c];
        }
        return new Result(total, seconds, all);
    }

    /**
     * POSTs {@code bytes} of pseudo-random data to {@code path} and returns the seconds from the
     * first byte sent to the reply; the reply must be the data's SHA-256 and its length, as
     * examples/httpd answers.
     */
    public static double upload(int port, String path, long bytes) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: " + bytes
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < bytes; ) {
                int n = (int) Math.min(chunk.length, bytes - sent);
                out.write(chunk, 0, n);
                md.update(chunk, 0, n);
                sent += n;
                chunk[(int) (sent % chunk.length)]++;   // no two chunks alike
            }
            out.flush();
            String got = reply(new BufferedInputStream(s.getInputStream()));
            double took = (System.nanoTime() - t0) / 1e9;
            String want = HexFormat.of().formatHex(md.digest()) + " " + bytes + "\n";
            if (!got.equals(want)) {
                throw new IOException("POST " + path + " of " + bytes + " bytes answered `" + got.strip()
                        + "`, not `" + want.strip() + "`");
            }
            return took;
        }
    }

    /** One request on a connection of its own, for a reply nobody measures (e.g. /quit). */
    public static String once(int port, String path) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return reply(new BufferedInputStream(s.getInputStream()));
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
        return s;
    }

    /** Reads one response; returns its body, or fails unless the status is 200 with a Content-Length. */
    static String reply(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("the server answered `" + status + "`");
        }
        long length = -1;
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        if (length < 0 || length > 1 << 20) {
            throw new IOException("the reply has no usable Content-Length (" + length + ")");
        }
        byte[] b = in.readNBytes((int) length);
        if (b.length != length) {
            throw new IOException("the connection closed in the middle of a reply");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A header line without its CRLF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
