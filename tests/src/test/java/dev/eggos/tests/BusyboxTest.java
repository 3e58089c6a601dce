package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's static busybox, unmodified, in eggos: each applet's output must equal the same applet
 * run on the host against the host copy of the files (paths adjusted). The files reach the image
 * with {@code egg run --file HOSTDIR:/data}.
 *
 * <p>Needs /bin/busybox from the package busybox-static: installed with apt-get when the tests run
 * as root, else the tests fail with the apt-get line. -Dconformance.hostOnly=true skips them.
 */
class BusyboxTest {
    static final String GUEST_DIR = "/data";
    static Path busybox;
    static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        EggRun.skipIfHostOnly("BusyboxTest");
        HostPackages.require("a static busybox (/bin/busybox)", "busybox-static", () -> findStaticBusybox() != null);
        busybox = findStaticBusybox();
        EggRun.requireEggJar();
        data = Files.createTempDirectory("busybox-data-");
        Files.writeString(data.resolve("x.txt"), "hello from the host\nline two\nthe third line has more words\n",
                StandardCharsets.UTF_8);
        byte[] bin = new byte[3000];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) (i * 31 + 7);
        }
        Files.write(data.resolve("y.bin"), bin);
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("sub/z.txt"), "z\n", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("Upper.TXT"), "", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void tearDown() {
        Proc.deleteTree(data);
    }

    static Path findStaticBusybox() {
        for (String p : List.of("/bin/busybox", "/usr/bin/busybox")) {
            Path path = Path.of(p);
            if (Files.isRegularFile(path) && Files.isExecutable(path) && isStaticElf(path)) {
                return path;
            }
        }
        return null;
    }

    /** An x86-64 ELF executable without PT_INTERP. */
    static boolean isStaticElf(Path path) {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            byte[] h = new byte[64];
            f.readFully(h);
            if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F' || h[4] != 2) {
                return false;
            }
            var b = java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long phoff = b.getLong(32);
            int phentsize = Short.toUnsignedInt(b.getShort(54));
            int phnum = Short.toUnsignedInt(b.getShort(56));
            byte[] ph = new byte[4];
            for (int i = 0; i < phnum; i++) {
                f.seek(phoff + (long) i * phentsize);
                f.readFully(ph);
                if (java.nio.ByteBuffer.wrap(ph).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() == 3) {
                    return false; // PT_INTERP: dynamically linked
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs busybox with args on the host (HOSTDIR spelled as the host data folder) and in eggos
     * (HOSTDIR spelled /data), and compares stdout and status, the host's paths rewritten to /data.
     */
    static void same(String... args) throws Exception {
        List<String> hostCmd = new ArrayList<>();
        hostCmd.add(busybox.toString());
        List<String> guestArgs = new ArrayList<>();
        for (String a : args) {
            hostCmd.add(a.replace("HOSTDIR", data.toString()));
            guestArgs.add(a.replace("HOSTDIR", GUEST_DIR));
        }
        Proc.Result host = Proc.run(hostCmd, data, Map.of(), Duration.ofSeconds(30));
        if (host.timedOut() || host.status() != 0) {
            fail("busybox on the host: " + host.describe() + "\n" + host.err());
        }
        String expected = host.out().replace(data.toString(), GUEST_DIR);
        Proc.Result egg = EggRun.run(busybox, List.of("--file", data + ":" + GUEST_DIR), guestArgs);
        String what = "busybox " + String.join(" ", guestArgs);
        if (egg.timedOut() || egg.status() != host.status() || !egg.out().equals(expected)) {
            fail(what + ": eggos differs from Linux\nexit status: Linux " + host.status() + ", eggos "
                    + (egg.timedOut() ? "(timed out)" : egg.status() + EggRun.explainStatus(egg.status()))
                    + "\nstdout (- Linux, + eggos):\n" + TextDiff.diff(expected, egg.out())
                    + "kernel log (egg's stderr):\n" + TextDiff.tail(egg.err(), 80) + "command: "
                    + egg.commandLine() + "\n");
        }
        assertEquals(expected, egg.out());
    }

    @Test
    void echo() throws Exception {
        same("echo", "hello", "eggos");
    }

    @Test
    void ls() throws Exception {
        same("ls", "-1", "--color=never", "HOSTDIR");
    }

    @Test
    void lsDirectoryFlag() throws Exception {
        same("ls", "-1", "-p", "-a", "--color=never", "HOSTDIR/sub", "HOSTDIR");
    }

    @Test
    void cat() throws Exception {
        same("cat", "HOSTDIR/x.txt");
    }

    @Test
    void wc() throws Exception {
        same("wc", "HOSTDIR/x.txt");
    }

    @Test
    void sha1sum() throws Exception {
        same("sha1sum", "HOSTDIR/x.txt", "HOSTDIR/y.bin");
    }
}
