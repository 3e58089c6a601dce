package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 from the host to a {@link PublishedGuest}'s server through its mapped port, every
 * connect and request under one timeout. The servers it is written for answer GET /hello with
 * "hello eggos\n" and GET /quit with "bye\n" before they exit.
 */
final class GuestHttp {
    private final PublishedGuest guest;
    private final Duration timeout;
    private final HttpClient client;

    GuestHttp(PublishedGuest guest, Duration timeout) {
        this.guest = guest;
        this.timeout = timeout;
        this.client = newClient();
    }

    /** A client with connections of its own (one client's requests may share a connection). */
    private HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guest.port + path)).timeout(timeout);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET /hello, times in a row: every answer 200 "hello eggos\n". */
    void sequentialHellos(int times) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            HttpResponse<String> r = send(request("/hello"));
            assertEquals(200, r.statusCode(), "request " + i + guest.kernelLog());
            assertEquals("hello eggos\n", r.body());
        }
    }

    /**
     * clients at once, each with connections of its own, each GET /hello each times in a row:
     * every answer 200 "hello eggos\n", all within limit.
     */
    void concurrentHellos(int clients, int each, Duration limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    HttpClient own = newClient();
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        HttpResponse<String> r = own.send(request("/hello").build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().equals("hello eggos\n")) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get(limit.toSeconds(), TimeUnit.SECONDS);
            }
            assertEquals(clients * each, ok, "good replies" + guest.kernelLog());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * times connections, the i-th sending a POST's head that announces contentLength bytes, then
     * i * step bytes of filler, then a reset (SO_LINGER 0) instead of the rest.
     */
    void resetMidPost(String path, int contentLength, String filler, int step, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), guest.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + contentLength + "\r\n\r\n"
                        + filler.repeat(i * step)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.setSoLinger(true, 0);
            }
        }
    }

    /** GET /quit: "bye\n", and the guest exits with status 0 within seconds. The guest is closed in any case. */
    void quit(int seconds) throws IOException, InterruptedException {
        try {
            assertEquals("bye\n", send(request("/quit")).body());
            assertEquals(0, guest.waitFor(seconds), "the guest's exit status" + guest.kernelLog());
        } finally {
            guest.close();
        }
    }
}
