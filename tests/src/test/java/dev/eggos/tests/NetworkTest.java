package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network from the host: a small C HTTP server (tests/net/httpd.c, so that the kernel's
 * stack is tested, not the JVM's) booted with {@code egg run -p PORT:8000}, reached through the
 * mapped port with {@link java.net.http.HttpClient} and raw sockets. And a guest with no network card.
 */
class NetworkTest {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static PublishedGuest guest;
    static GuestHttp http;

    static Path compile(String name) throws IOException, InterruptedException {
        Path src = EggRun.repoRoot().resolve("tests/net/" + name + ".c");
        Path out = EggRun.repoRoot().resolve("tests/target/net/" + name);
        Files.createDirectories(out.getParent());
        Proc.Result r = Proc.run(List.of("gcc", "-static", "-O1", "-Wall", "-Werror", "-pthread", "-o",
                out.toString(), src.toString()), null, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, r.status(), "gcc " + src + ":\n" + r.err());
        return out;
    }

    @BeforeAll
    static void boot() throws Exception {
        EggRun.requireEggJar();
        guest = PublishedGuest.start(compile("httpd"), 8000, List.of(), "listening");
        http = new GuestHttp(guest, REQUEST_TIMEOUT);
    }

    @AfterAll
    static void quit() throws Exception {
        if (guest == null) {
            return;
        }
        http.quit(60);
    }

    static String kernelLog() {
        return guest.kernelLog();
    }

    @Test
    void sequentialRequests() throws Exception {
        http.sequentialHellos(300);
    }

    @Test
    void concurrentClients() throws Exception {
        http.concurrentHellos(32, 10, Duration.ofSeconds(300));
    }

    static String fnv(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    @Test
    void largeUpload() throws Exception {
        byte[] body = new byte[16 << 20];
        new Random(42).nextBytes(body);
        HttpResponse<String> r = http.send(http.request("/sum").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(200, r.statusCode(), kernelLog());
        assertEquals(body.length + " " + fnv(body) + "\n", r.body(), "no byte lost or changed" + kernelLog());
    }

    @Test
    void resetsAndGarbageDoNotStopTheServer() throws Exception {
        http.resetMidPost("/sum", 100000, "x", 100, 50);
        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), guest.port)) {
                s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
                OutputStream out = s.getOutputStream();
                out.write("\u0000\u00ff garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(reply.startsWith("HTTP/1.1 400 ") || reply.startsWith("HTTP/1.1 404 "), reply);
            }
        }
        HttpResponse<String> r = http.send(http.request("/hello"));
        assertEquals("hello eggos\n", r.body(), "the server still answers" + kernelLog());
    }

    /**
     * Java networking in the guest (tests/net/java/NetConformance.java: blocking sockets, an NIO
     * selector with a non-blocking connect, half-close, UDP, Files.copy from a socket, HttpServer),
     * with the same output as on the host's JDK. The guest has no IPv6: the JDK falls back to
     * IPv4 without being told to (-Djava.net.preferIPv4Stack).
     */
    @Test
    void javaNetworkingMatchesTheHost() throws Exception {
        Path jdk = JavaExamplesTest.JDK17;
        JavaExamplesTest.requireJdk(jdk);
        Path src = EggRun.repoRoot().resolve("tests/net/java");
        Path classes = EggRun.repoRoot().resolve("tests/target/net/java-classes");
        Files.createDirectories(classes);
        Proc.Result javac = Proc.run(List.of(jdk.resolve("bin/javac").toString(), "-d", classes.toString(),
                src.resolve("NetConformance.java").toString()), null, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, javac.status(), javac.err());
        Proc.Result host = Proc.run(List.of(jdk.resolve("bin/java").toString(), "-cp", classes.toString(),
                "NetConformance"), null, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, host.status(), "on the host: " + host.err());
        Proc.Result egg = EggRun.run(src, List.of("--quiet", "--jdk", jdk.toString()), List.of());
        String expected = host.out();
        assertEquals(expected, egg.out(), "eggos differs from the host (- host, + eggos):\n"
                + TextDiff.diff(expected, egg.out()) + "kernel log:\n" + TextDiff.tail(egg.err(), 40));
        assertEquals(0, egg.status());
    }

    @Test
    void guestWithoutNetworkCard() throws Exception {
        EggRun.requireEggJar();
        Proc.Result r = EggRun.run(compile("nonet"), List.of(), List.of());
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                socket AF_INET: ok
                loopback: ok
                connect 10.0.2.2:80: -1 ENETUNREACH
                sendto 10.0.2.2:80: -1 ENETUNREACH
                socket AF_INET6: EAFNOSUPPORT
                """, r.out());
    }
}
