package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The program's stderr: the guest's third serial port (COM3, the kernel's /dev/eggos/stderr on the
 * program's fd 2), which QEMU writes to a Unix socket that egg listens on, and egg copies byte for
 * byte to its own stderr. So the program's stderr is apart from its stdout (the console, COM1, on
 * egg's stdout) as on Linux, and apart from the kernel's log (COM2), which also goes to egg's
 * stderr, line by line (see {@link KernelLog}). A socket rather than a file QEMU opens itself: QEMU's
 * own stderr is the log, and egg's stderr reopened by name would be a second open file with its own
 * offset, writing over egg's.
 */
final class ProgramStderr implements AutoCloseable {
    /** COM3 as a PC has it; IRQ 4 is COM1's too, which is fine: the kernel only writes to it. */
    private static final String DEVICE = "isa-serial,chardev=err,iobase=0x3e8,irq=4";
    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;

    private ProgramStderr(Path dir, Path socket, ServerSocketChannel server) {
        this.dir = dir;
        this.socket = socket;
        this.server = server;
    }

    /** Listens on a socket in a new private folder. */
    static ProgramStderr listen() {
        try {
            Path dir = Files.createTempDirectory("egg-stderr");
            Path socket = dir.resolve("s");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            return new ProgramStderr(dir, socket, server);
        } catch (IOException e) {
            throw EggException.environment("cannot make the socket for the program's stderr: " + e.getMessage());
        }
    }

    /** QEMU's options for the port: a socket client of ours (a ',' in a path is written ',,'). */
    List<String> qemuOptions() {
        return List.of("-chardev", "socket,id=err,path=" + socket.toString().replace(",", ",,"),
                "-device", DEVICE);
    }

    /** Takes QEMU's connection and copies what comes to out until QEMU closes it. */
    Thread pump(OutputStream out) {
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept(); InputStream in = Channels.newInputStream(c)) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // QEMU went away (or never came): what was read has been forwarded.
            }
        }, "egg-program-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temporary folder left behind: nothing to do about it here.
        }
    }
}
