package dev.eggos.egg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -p HOST:GUEST}: a TCP port of the host (on 127.0.0.1 only) forwarded to a port of
 * the guest, through QEMU's user network ({@code hostfwd}). {@code -p PORT} is the same port
 * on both sides.
 */
public record PortMapping(int host, int guest) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,5})(?::(\\d{1,5}))?");

    public PortMapping {
        if (host < 1 || host > 65535 || guest < 1 || guest > 65535) {
            throw EggException.usage("-p " + host + ":" + guest + ": ports are 1 to 65535");
        }
    }

    /** Parses {@code HOST:GUEST} or {@code PORT}, or fails with a usage error. */
    public static PortMapping parse(String s) {
        Matcher m = FORM.matcher(s.trim());
        if (!m.matches()) {
            throw EggException.usage("-p " + s + ": give HOST:GUEST (like -p 8000:8000) or one PORT for both");
        }
        int host = Integer.parseInt(m.group(1));
        int guest = m.group(2) != null ? Integer.parseInt(m.group(2)) : host;
        if (host < 1 || host > 65535 || guest < 1 || guest > 65535) {
            throw EggException.usage("-p " + s + ": ports are 1 to 65535");
        }
        return new PortMapping(host, guest);
    }

    /**
     * Fails with one clear line when a host port is taken (QEMU would only say that it could not
     * set up host forwarding) or given twice.
     */
    public static void checkAvailable(List<PortMapping> ports) {
        for (int i = 0; i < ports.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ports.get(i).host() == ports.get(j).host()) {
                    throw EggException.usage("-p: host port " + ports.get(i).host() + " is given twice");
                }
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i).host();
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw EggException.usage("host port " + port + " is already in use: stop what uses it, or map"
                        + " another one (-p OTHER:" + ports.get(i).guest() + ")");
            }
        }
    }
}
