package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
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
    static GuestHttp http;

    @BeforeAll
    static void boot() throws Exception {
        EggRun.requireEggJar();
        JavaExamplesTest.requireJdk(JDK17);
        guest = PublishedGuest.start(EggRun.repoRoot().resolve("examples/httpd"), 8000,
                List.of("--quiet", "--jdk", JDK17.toString()), "listening on port 8000");
        http = new GuestHttp(guest, TIMEOUT);
    }

    @AfterAll
    static void quit() throws Exception {
        if (guest == null) {
            return;
        }
        http.quit(120);
    }

    @Test
    void thousandSequentialRequests() throws Exception {
        http.sequentialHellos(1000);
    }

    @Test
    void hundredConcurrentClients() throws Exception {
        http.concurrentHellos(100, 20, Duration.ofSeconds(600));
    }

    @Test
    void sixteenMegabyteUpload() throws Exception {
        byte[] body = new byte[16 << 20];
        new Random(7).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpResponse<String> r = http.send(http.request("/sha256")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(200, r.statusCode(), guest.kernelLog());
        assertEquals(sha + " " + body.length + "\n", r.body(), "no byte lost under flow control" + guest.kernelLog());
    }

    @Test
    void resetsAndGarbage() throws Exception {
        http.resetMidPost("/sha256", 1000000, "y", 200, 50);
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
        HttpResponse<String> r = http.send(http.request("/hello"));
        assertEquals("hello eggos\n", r.body(), "the server still answers" + guest.kernelLog());
        assertTrue(guest.egg.isAlive());
    }
}
