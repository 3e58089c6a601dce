import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;

/**
 * The JDK's own HTTP server, unchanged, on port 8000 (or the first argument):
 * GET /hello answers "hello eggos", POST /sha256 answers the SHA-256 of the
 * body it was sent. On eggos it runs on the kernel's network stack:
 * {@code egg run -p 8000:8000 examples/httpd}, then open
 * http://127.0.0.1:8000/hello on the host.
 */
public class Httpd {
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.createContext("/hello", ex -> reply(ex, 200, "hello eggos\n"));
        server.createContext("/sha256", Httpd::sha256);
        server.createContext("/quit", ex -> {
            reply(ex, 200, "bye\n");
            server.stop(0);
            System.exit(0);
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("listening on port " + port);
    }

    static void sha256(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            reply(ex, 405, "POST a body to get its SHA-256\n");
            return;
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        long n = 0;
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[65536];
            for (int r; (r = in.read(buf)) > 0; n += r) {
                md.update(buf, 0, r);
            }
        }
        reply(ex, 200, HexFormat.of().formatHex(md.digest()) + " " + n + "\n");
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
