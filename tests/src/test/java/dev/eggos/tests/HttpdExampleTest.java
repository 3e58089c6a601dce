package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/httpd as a person runs it, {@code egg run -p PORT:8000 examples/httpd}: the JDK's
 * com.sun.net.httpserver on the kernel's network stack, reached from the host through the mapped
 * port: many sequential and concurrent requests, a 16 MB upload whose SHA-256 comes back right,
 * and clients that reset mid-request or send garbage, after which the server still answers.
 */
class HttpdExampleTest {
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PublishedGuest guest;
    static HttpClient http;

    @BeforeAll
    static void boot() throws Exception {
        Assumptions.assumeTrue(EggRun.eggJar() != null, EggRun.whyUnavailable());
        Assumptions.assumeTrue(Files.isExecutable(JDK17.resolve("bin/javac")), JDK17 + " is not installed");
        guest = PublishedGuest.start(EggRun.repoRoot().resolve("examples/httpd"), 8000,
                List.of("--quiet", "--jdk", JDK17.toString()), "listening on port 8000");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void quit() throws Exception {
        if (guest == null) {
            return;
        }
        try {
            HttpResponse<String> r = http.send(request("/quit").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("bye\n", r.body());
            assertEquals(0, guest.waitFor(120), "the guest's exit status" + guest.kernelLog());
        } finally {
            guest.close();
        }
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guest.port + path)).timeout(TIMEOUT);
    }

    @Test
    void thousandSequentialRequests() throws Exception {
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = http.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "request " + i + guest.kernelLog());
            assertEquals("hello eggos\n", r.body());
        }
    }

    @Test
    void hundredConcurrentClients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                results.add(pool.submit(() -> {
                    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(TIMEOUT).build();
                    int ok = 0;
                    for (int i = 0; i < 20; i++) {
                        HttpResponse<String> r = own.send(request("/hello").build(),
                                HttpResponse.BodyHandlers.ofString());
                        ok += r.statusCode() == 200 && r.body().equals("hello eggos\n") ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get(600, TimeUnit.SECONDS);
            }
            assertEquals(2000, ok, "good replies" + guest.kernelLog());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenMegabyteUpload() throws Exception {
        byte[] body = new byte[16 << 20];
        new Random(7).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpResponse<String> r = http.send(request("/sha256").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), guest.kernelLog());
        assertEquals(sha + " " + body.length + "\n", r.body(), "no byte lost under flow control" + guest.kernelLog());
    }

    @Test
    void resetsAndGarbage() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), guest.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /sha256 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "y".repeat(i * 200))
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.setSoLinger(true, 0);        // close resets the connection mid-request
            }
        }
        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), guest.port)) {
                s.setSoTimeout((int) TIMEOUT.toMillis());
                OutputStream out = s.getOutputStream();
                out.write("\u0000\u00ff\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                in.readAllBytes();             // whatever it answers, it ends the connection
            }
        }
        HttpResponse<String> r = http.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello eggos\n", r.body(), "the server still answers" + guest.kernelLog());
        assertTrue(guest.egg.isAlive());
    }
}
