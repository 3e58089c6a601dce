package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network from the host: a small C HTTP server (tests/net/httpd.c, so that the kernel's
 * stack is tested, not the JVM's) booted with {@code egg run -p PORT:8000}, reached through the
 * mapped port with {@link java.net.http.HttpClient} and raw sockets. A guest calling out to the host
 * through the default network (QEMU's NAT), and a guest with no network card ({@code --net none}).
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

    /**
     * With no flags the guest has a network behind QEMU's NAT: it reaches a server on the host's
     * loopback at 10.0.2.2 (tests/net/callout.c). Nothing leaves the host: the server listens on
     * 127.0.0.1 only.
     */
    @Test
    void guestCallsOutToTheHostByDefault() throws Exception {
        EggRun.requireEggJar();
        Path program = compile("callout");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> answerOne(server));
            Proc.Result r = EggRun.run(program, List.of(), List.of(Integer.toString(server.getLocalPort())));
            assertEquals("reply: eggos said hello from eggos\n", r.out(), r.err());
            assertEquals(0, r.status(), r.err());
            assertEquals("hello from eggos\n", heard.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** Accepts one connection, reads to its end and answers with what it read: what it read. */
    private static String answerOne(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            String line = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            s.getOutputStream().write(("eggos said " + line).getBytes(StandardCharsets.US_ASCII));
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The DNS server DHCP gave (QEMU's 10.0.2.3, which forwards to the host's resolver) is in
     * /etc/resolv.conf, a link to the kernel's /proc/net/pnp as on Linux booted with ip=dhcp;
     * without a network card the file names none (glibc then asks 127.0.0.1, which refuses).
     * Reading the file sends nothing anywhere.
     */
    @Test
    void dhcpsDnsServerIsInResolvConf() throws Exception {
        EggRun.requireEggJar();
        Path program = compile("resolvconf");
        Proc.Result nat = EggRun.run(program, List.of(), List.of());
        assertEquals("/etc/resolv.conf -> /proc/net/pnp\n#PROTO: DHCP\nnameserver 10.0.2.3\n",
                nat.out(), nat.err());
        assertEquals(0, nat.status(), nat.err());
        Proc.Result none = EggRun.run(program, List.of("--net", "none"), List.of());
        assertEquals("/etc/resolv.conf -> /proc/net/pnp\n#MANUAL\n", none.out(), none.err());
        assertEquals(0, none.status(), none.err());
    }

    /**
     * A name resolves in eggos through glibc's resolver (getaddrinfo, tests/net/resolve.c) asking
     * this test's own DNS server, and nothing else: QEMU's 10.0.2.3 would ask the host's resolver,
     * so the image's /etc/resolv.conf is replaced (--file) by one naming 10.0.2.100 over TCP
     * ({@code options use-vc}), and QEMU forwards 10.0.2.100:53 to the server on the host's
     * loopback (guestfwd, TCP only: hence use-vc). dhcpsDnsServerIsInResolvConf checks the file
     * the image has.
     */
    @Test
    void guestResolvesThroughTheTestsDnsServer(@TempDir Path dir) throws Exception {
        EggRun.requireEggJar();
        resolvesThroughTheTestsDnsServer(compile("resolve"), List.of(), dir);
    }

    /** The same from Java: InetAddress.getByName (tests/net/resolve-java) calls getaddrinfo. */
    @Test
    void javaResolvesThroughTheTestsDnsServer(@TempDir Path dir) throws Exception {
        EggRun.requireEggJar();
        Path jdk = JavaExamplesTest.JDK17;
        JavaExamplesTest.requireJdk(jdk);
        resolvesThroughTheTestsDnsServer(EggRun.repoRoot().resolve("tests/net/resolve-java"),
                List.of("--quiet", "--jdk", jdk.toString()), dir);
    }

    private static void resolvesThroughTheTestsDnsServer(Path program, List<String> eggOptions, Path dir)
            throws Exception {
        Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver 10.0.2.100\noptions use-vc\n");
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> answerDns(server));
            List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(EggRun.EGG_TIMEOUT_SECONDS),
                    "--file", resolv + ":/etc/resolv.conf"));
            cmd.addAll(eggOptions);
            cmd.addAll(List.of(program.toString(), "--", "eggos-test.invalid"));
            Proc.Result r = Proc.run(EggRun.command(cmd), null, Map.of("EGG_QEMU_NETDEV",
                    "guestfwd=tcp:10.0.2.100:53-tcp:127.0.0.1:" + server.getLocalPort()), EggRun.HARD_TIMEOUT);
            assertEquals("eggos-test.invalid 192.0.2.42\n", r.out(), r.err());
            assertEquals(0, r.status(), r.err());
            assertEquals("eggos-test.invalid", asked.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /**
     * Answers one DNS query over TCP (RFC 1035 4.2.2: a 2-byte length, then the message): an A
     * query with 192.0.2.42 (TEST-NET-1), anything else with no answer. The name asked.
     */
    private static String answerDns(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] q = new byte[in.readUnsignedShort()];
            in.readFully(q);
            StringBuilder name = new StringBuilder();
            int i = 12;
            for (; q[i] != 0; i += 1 + q[i]) {
                name.append(name.length() > 0 ? "." : "").append(new String(q, i + 1, q[i], StandardCharsets.US_ASCII));
            }
            boolean a = q[i + 1] == 0 && q[i + 2] == 1;
            ByteBuffer reply = ByteBuffer.allocate(2 + i + 5 + 16);
            reply.putShort((short) 0).put(q, 0, 2).putShort((short) 0x8180).putShort((short) 1)
                    .putShort((short) (a ? 1 : 0)).putShort((short) 0).putShort((short) 0).put(q, 12, i + 5 - 12);
            if (a) {
                reply.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60)
                        .putShort((short) 4).put(new byte[] {(byte) 192, 0, 2, 42});
            }
            reply.putShort(0, (short) (reply.position() - 2));
            s.getOutputStream().write(reply.array(), 0, reply.position());
            in.read();   /* until glibc closes: it may ask again on the same connection */
            return name.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The guest's interfaces as glibc's getifaddrs and if_nameindex see them (tests/net/ifaddrs.c;
     * both ask the kernel over a NETLINK_ROUTE socket): Linux's names lo and eth0, QEMU's default
     * MAC and the address its DHCP gives, each MTU; with {@code --net none} lo alone.
     */
    @Test
    void glibcListsTheInterfaces() throws Exception {
        EggRun.requireEggJar();
        Path program = compile("ifaddrs");
        Proc.Result nat = EggRun.run(program, List.of(), List.of());
        assertEquals("""
                lo packet flags=UP,LOOPBACK,RUNNING,LOWER_UP mac=00:00:00:00:00:00
                eth0 packet flags=UP,BROADCAST,RUNNING,MULTICAST,LOWER_UP mac=52:54:00:12:34:56
                lo inet 127.0.0.1 netmask 255.0.0.0
                eth0 inet 10.0.2.15 netmask 255.255.255.0 broadcast 10.0.2.255
                index 1 lo mtu 65536
                index 2 eth0 mtu 1500
                """, nat.out(), nat.err());
        assertEquals(0, nat.status(), nat.err());
        Proc.Result none = EggRun.run(program, List.of("--net", "none"), List.of());
        assertEquals("""
                lo packet flags=UP,LOOPBACK,RUNNING,LOWER_UP mac=00:00:00:00:00:00
                lo inet 127.0.0.1 netmask 255.0.0.0
                index 1 lo mtu 65536
                """, none.out(), none.err());
        assertEquals(0, none.status(), none.err());
    }

    /**
     * Debian's static busybox, unmodified: {@code ip addr} and {@code ip route} ask over
     * NETLINK_ROUTE as iproute2 does (failed before with 'ip: socket: Address family not supported
     * by protocol'; then, before the route dump, 'RTNETLINK answers: Operation not supported'), and
     * {@code route -n} reads /proc/net/route (which was missing).
     */
    @Test
    void busyboxIpShowsTheInterfacesAndRoutes() throws Exception {
        EggRun.requireEggJar();
        HostPackages.require("a static busybox (/bin/busybox)", "busybox-static",
                () -> BusyboxTest.findStaticBusybox() != null);
        Path busybox = BusyboxTest.findStaticBusybox();
        Proc.Result route = EggRun.run(busybox, List.of(), List.of("ip", "route", "show", "table", "all"));
        assertEquals("""
                default via 10.0.2.2 dev eth0\s
                10.0.2.0/24 dev eth0 scope link  src 10.0.2.15\s
                local 10.0.2.15 dev eth0 table local scope host  src 10.0.2.15\s
                broadcast 10.0.2.255 dev eth0 table local scope link  src 10.0.2.15\s
                local 127.0.0.0/8 dev lo table local scope host  src 127.0.0.1\s
                local 127.0.0.1 dev lo table local scope host  src 127.0.0.1\s
                broadcast 127.255.255.255 dev lo table local scope link  src 127.0.0.1\s
                """, route.out(), route.err());
        assertEquals(0, route.status(), route.err());
        Proc.Result table = EggRun.run(busybox, List.of(), List.of("route", "-n"));
        assertEquals("""
                Kernel IP routing table
                Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
                0.0.0.0         10.0.2.2        0.0.0.0         UG    0      0        0 eth0
                10.0.2.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0
                """, table.out(), table.err());
        assertEquals(0, table.status(), table.err());
        Proc.Result r = EggRun.run(busybox, List.of(), List.of("ip", "addr"));
        assertEquals("""
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                    inet 127.0.0.1/8 scope host lo
                2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qlen 1000
                    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
                    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
                """, r.out(), r.err());
        assertEquals(0, r.status(), r.err());
    }

    /**
     * The same interfaces from java.net.NetworkInterface (tests/net/nics-java: the JDK asks with
     * SIOCGIF* ioctls): flags, MTU, the MAC a library identifying its machine reads, addresses with
     * prefix lengths and broadcast, and the lookups by name, index and address.
     */
    @Test
    void javaNetworkInterfaceSeesTheInterfaces() throws Exception {
        EggRun.requireEggJar();
        Path jdk = JavaExamplesTest.JDK17;
        JavaExamplesTest.requireJdk(jdk);
        Proc.Result r = EggRun.run(EggRun.repoRoot().resolve("tests/net/nics-java"),
                List.of("--quiet", "--jdk", jdk.toString()), List.of("lo", "eth0"));
        assertEquals("""
                lo index 1 up true loopback true multicast false p2p false virtual false mtu 65536 mac none
                  127.0.0.1/8 broadcast none
                eth0 index 2 up true loopback false multicast true p2p false virtual false mtu 1500 mac 52:54:00:12:34:56
                  10.0.2.15/24 broadcast 10.0.2.255
                getByName(lo): index 1, getByIndex: lo, getByInetAddress: lo
                getByName(eth0): index 2, getByIndex: eth0, getByInetAddress: eth0
                getByName(nosuch0): null, getByInetAddress(192.0.2.1): null
                """, r.out(), r.err());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void guestWithoutNetworkCard() throws Exception {
        EggRun.requireEggJar();
        Proc.Result r = EggRun.run(compile("nonet"), List.of("--net", "none"), List.of());
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
