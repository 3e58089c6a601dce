import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Java networking over loopback, for NetworkTest: the same output on the host's JDK and in
 * eggos (which has no IPv6: the JDK must fall back to IPv4 on its own, without
 * -Djava.net.preferIPv4Stack). Threads print nothing; main prints what they saw.
 */
public class NetConformance {
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    static void check(String what, boolean ok) {
        System.out.println(what + ": " + (ok ? "yes" : "no"));
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >> 11));
        }
        return b;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    public static void main(String[] args) throws Exception {
        check("preferIPv4Stack unset", System.getProperty("java.net.preferIPv4Stack") == null);
        ExecutorService pool = Executors.newCachedThreadPool();
        blockingSockets(pool);
        selector();
        halfClose(pool);
        udp();
        copyToFile(pool);
        http();
        pool.shutdown();
        System.out.println("done");
    }

    static void blockingSockets(ExecutorService pool) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, LO)) {
            check("ServerSocket SO_REUSEADDR on (Linux default)", ss.getReuseAddress());
            Future<String> server = pool.submit(() -> {
                try (Socket c = ss.accept()) {
                    byte[] in = c.getInputStream().readNBytes(5);
                    c.getOutputStream().write(in);
                    return new String(in, StandardCharsets.US_ASCII) + " from " + c.getInetAddress().getHostAddress();
                }
            });
            try (Socket s = new Socket(LO, ss.getLocalPort())) {
                s.setTcpNoDelay(true);
                check("TCP_NODELAY", s.getTcpNoDelay());
                s.setKeepAlive(true);
                check("SO_KEEPALIVE", s.getKeepAlive());
                check("receive buffer positive", s.getReceiveBufferSize() > 0);
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                System.out.println("echo: " + new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                System.out.println("server saw: " + server.get());
            }
            ss.setSoTimeout(300);
            try {
                ss.accept().close();
                check("accept timeout", false);
            } catch (SocketTimeoutException e) {
                check("accept timeout", true);
            }
        }
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, LO)) {
            closed = ss.getLocalPort();
        }
        try (Socket s = new Socket(LO, closed)) {
            check("connect to a closed port refused", false);
        } catch (ConnectException e) {
            check("connect to a closed port refused", e.getMessage().startsWith("Connection refused"));
        }
    }

    /** 2 MiB each way through one selector loop, with a non-blocking connect. */
    static void selector() throws Exception {
        byte[] toServer = pattern(2 << 20, 1), toClient = pattern(2 << 20, 2);
        try (ServerSocketChannel ssc = ServerSocketChannel.open(); Selector sel = Selector.open()) {
            ssc.bind(new InetSocketAddress(LO, 0));
            ssc.configureBlocking(false);
            ssc.register(sel, SelectionKey.OP_ACCEPT);
            SocketChannel client = SocketChannel.open();
            client.configureBlocking(false);
            client.connect(ssc.getLocalAddress());
            client.register(sel, SelectionKey.OP_CONNECT);
            ByteBuffer cOut = ByteBuffer.wrap(toServer), sOut = ByteBuffer.wrap(toClient);
            ByteBuffer cIn = ByteBuffer.allocate(toClient.length), sIn = ByteBuffer.allocate(toServer.length);
            SocketChannel server = null;
            boolean connected = false;
            for (int rounds = 0; (cIn.hasRemaining() || sIn.hasRemaining()) && rounds < 1_000_000; rounds++) {
                sel.select(5000);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isAcceptable()) {
                        server = ssc.accept();
                        server.configureBlocking(false);
                        server.register(sel, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    } else if (k.isConnectable()) {
                        connected = client.finishConnect();
                        k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    } else {
                        SocketChannel ch = (SocketChannel) k.channel();
                        boolean isClient = ch == client;
                        ByteBuffer out = isClient ? cOut : sOut, in = isClient ? cIn : sIn;
                        if (k.isReadable() && in.hasRemaining()) {
                            ch.read(in);
                        }
                        if (k.isValid() && k.isWritable()) {
                            ch.write(out);
                            if (!out.hasRemaining()) {
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        }
                    }
                }
            }
            check("non-blocking connect finished", connected);
            check("selector: server got the client's 2 MiB", sha(sIn.array()).equals(sha(toServer)));
            check("selector: client got the server's 2 MiB", sha(cIn.array()).equals(sha(toClient)));
            client.close();
            server.close();
        }
    }

    static void halfClose(ExecutorService pool) throws Exception {
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(LO, 0));
            Future<String> server = pool.submit(() -> {
                try (SocketChannel c = ssc.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(100);
                    while (c.read(b) >= 0) {
                    }
                    b.flip();
                    String got = StandardCharsets.US_ASCII.decode(b).toString();
                    c.write(ByteBuffer.wrap(("got " + got).getBytes(StandardCharsets.US_ASCII)));
                    return got;
                }
            });
            try (SocketChannel c = SocketChannel.open(ssc.getLocalAddress())) {
                c.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.US_ASCII)));
                c.shutdownOutput();
                ByteBuffer b = ByteBuffer.allocate(100);
                while (c.read(b) >= 0) {
                }
                b.flip();
                System.out.println("half-close reply: " + StandardCharsets.US_ASCII.decode(b));
                System.out.println("server read until EOF: " + server.get());
            }
        }
    }

    static void udp() throws Exception {
        try (DatagramSocket a = new DatagramSocket(0, LO); DatagramSocket b = new DatagramSocket(0, LO)) {
            byte[] m = "datagram".getBytes(StandardCharsets.US_ASCII);
            a.send(new DatagramPacket(m, m.length, b.getLocalSocketAddress()));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            b.setSoTimeout(5000);
            b.receive(p);
            System.out.println("udp: " + new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
            check("udp sender", p.getPort() == a.getLocalPort() && p.getAddress().equals(LO));
        }
        try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
            b.bind(new InetSocketAddress(LO, 0));
            a.connect(b.getLocalAddress());
            a.write(ByteBuffer.wrap("connected".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer bb = ByteBuffer.allocate(100);
            InetSocketAddress from = (InetSocketAddress) b.receive(bb);
            bb.flip();
            System.out.println("udp channel: " + StandardCharsets.US_ASCII.decode(bb));
            check("udp channel sender", from.equals(a.getLocalAddress()));
        }
    }

    static void copyToFile(ExecutorService pool) throws Exception {
        byte[] data = pattern(3 << 20, 7);
        try (ServerSocket ss = new ServerSocket(0, 50, LO)) {
            Future<?> sender = pool.submit(() -> {
                try (Socket c = ss.accept(); OutputStream out = c.getOutputStream()) {
                    out.write(data);
                }
                return null;
            });
            Path tmp = Files.createTempFile("net", ".bin");
            try (Socket s = new Socket(LO, ss.getLocalPort()); InputStream in = s.getInputStream()) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            sender.get();
            check("Files.copy from a socket to /tmp", sha(Files.readAllBytes(tmp)).equals(sha(data)));
            Files.delete(tmp);
        }
    }

    static void http() throws Exception {
        HttpServer hs = HttpServer.create(new InetSocketAddress(LO, 0), 0);
        hs.createContext("/hello", ex -> {
            byte[] r = "hello eggos\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, r.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(r);
            }
        });
        hs.start();
        try {
            for (int i = 0; i < 3; i++) {
                URL u = new URL("http://127.0.0.1:" + hs.getAddress().getPort() + "/hello");
                try (InputStream in = u.openStream()) {
                    System.out.print("http " + i + ": " + new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        } finally {
            hs.stop(0);
        }
    }
}
