package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eggos.egg.MacAddress;

/**
 * {@code egg run --net tap=tap0} on a bridge made as the README's Networking section says, inside a
 * network namespace of the test's own (the host's interfaces are never touched): br0 at
 * 192.168.77.1/24 with tap0 on it. egg runs inside the namespace ({@code ip netns exec}), and so do
 * the other machines on the bridge: tests/net/tappeer.c, a server the guest calls, and dnsmasq as the
 * bridge's DHCP server. Needs root (a namespace, a tap) and /dev/net/tun: without them the test
 * fails and says so.
 */
class TapTest {
    static final String NS = "eggtap" + ProcessHandle.current().pid();
    static final String TAP = "tap0";
    static final Duration STEP = Duration.ofSeconds(30);
    static boolean created;

    @BeforeAll
    static void bridgeInANamespace() throws Exception {
        EggRun.requireEggJar();
        if (!Files.readAllLines(Path.of("/proc/self/status")).contains("Uid:\t0\t0\t0\t0")) {
            fail("TapTest needs root, to make a network namespace with a bridge and a tap: run the tests as root");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            fail("TapTest needs /dev/net/tun: load the tun module (modprobe tun)");
        }
        ip("netns", "add", NS);
        created = true;
        // The README's commands, in the namespace (ip -n), with the host's side addressed.
        ip("-n", NS, "link", "set", "lo", "up");
        ip("-n", NS, "link", "add", "br0", "type", "bridge");
        ip("-n", NS, "tuntap", "add", "dev", TAP, "mode", "tap");
        ip("-n", NS, "link", "set", TAP, "master", "br0");
        ip("-n", NS, "addr", "add", "192.168.77.1/24", "dev", "br0");
        ip("-n", NS, "link", "set", "br0", "up");
        ip("-n", NS, "link", "set", TAP, "up");
    }

    @AfterAll
    static void deleteTheNamespace() throws Exception {
        if (created) {
            ip("netns", "del", NS);   // its tap and bridge go with it
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Proc.Result r = Proc.run(cmd, null, Map.of(), STEP);
        assertEquals(0, r.status(), r.commandLine() + ": " + r.out() + r.err());
    }

    /** The command run inside the namespace. */
    private static List<String> inNamespace(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", NS));
        all.addAll(cmd);
        return all;
    }

    /** egg run --timeout ... eggOptions program [-- args], in the namespace. */
    private static Proc.Result egg(List<String> eggOptions, Path program, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(EggRun.EGG_TIMEOUT_SECONDS)));
        cmd.addAll(eggOptions);
        cmd.add(program.toString());
        if (args.length > 0) {
            cmd.add("--");
            cmd.addAll(List.of(args));
        }
        return Proc.run(inNamespace(EggRun.command(cmd)), null, Map.of(), EggRun.HARD_TIMEOUT);
    }

    /** A process in the namespace beside the guest (killed by close). */
    private record Beside(Process process, BufferedReader out) implements AutoCloseable {
        static Beside start(List<String> cmd) throws IOException {
            Process p = new ProcessBuilder(inNamespace(cmd)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new Beside(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }

        /** The next line it prints, within STEP, or when it ended instead a line saying so. */
        String line() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    String l = out.readLine();
                    return l != null ? l : "(it ended, status " + process.waitFor() + ")";
                } catch (IOException | InterruptedException e) {
                    return "(" + e + ")";
                }
            }).get(STEP.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            Proc.kill(process);
        }
    }

    /** The guest calls a server on the bridge (tappeer at 192.168.77.1) and gets its answer. */
    private static void callsThePeer(List<String> eggOptions) throws Exception {
        Path callout = NetworkTest.compile("callout");
        try (Beside peer = Beside.start(List.of(NetworkTest.compile("tappeer").toString(), "192.168.77.1", "7777"))) {
            assertEquals("listening", peer.line());
            Proc.Result r = egg(eggOptions, callout, "7777", "192.168.77.1");
            assertEquals("reply: eggos said hello from eggos\n", r.out(), r.err());
            assertEquals(0, r.status(), r.err());
            assertEquals("hello from eggos", peer.line(), "what the peer on the bridge heard");
        }
    }

    @Test
    void aStaticAddressReachesAMachineOnTheBridge() throws Exception {
        callsThePeer(List.of("--net", "tap=" + TAP, "--ip", "192.168.77.2/24,192.168.77.1"));
    }

    /** ip= in Linux's form gives /proc/net/pnp (and so /etc/resolv.conf) what Linux's ipconfig writes. */
    @Test
    void aStaticAddressWithDnsServers() throws Exception {
        Proc.Result r = egg(List.of("--net", "tap=" + TAP, "--ip", "192.168.77.2/24,192.168.77.1", "--dns",
                "192.168.77.1", "--dns", "9.9.9.9"), NetworkTest.compile("resolvconf"));
        assertEquals("/etc/resolv.conf -> /proc/net/pnp\n#MANUAL\nnameserver 192.168.77.1\nnameserver 9.9.9.9\n",
                r.out(), r.err());
        assertEquals(0, r.status(), r.err());
    }

    /**
     * Without --ip the bridge's DHCP server (dnsmasq, in the namespace) gives the address and DNS
     * server; it leased to the MAC egg chose for this tap; a --dns server takes the place of DHCP's,
     * as on Linux.
     */
    @Test
    void dhcpOnTheBridge(@TempDir Path dir) throws Exception {
        HostPackages.require("dnsmasq", "dnsmasq-base", () -> Files.isExecutable(Path.of("/usr/sbin/dnsmasq")));
        Path leases = dir.resolve("leases");
        try (Beside dhcp = Beside.start(List.of("/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                "--bind-interfaces", "--interface=br0", "--except-interface=lo", "--port=0", "--no-resolv",
                "--no-hosts", "--user=root", "--dhcp-range=192.168.77.50,192.168.77.59,255.255.255.0,1h",
                "--dhcp-option=option:dns-server,192.168.77.1", "--dhcp-leasefile=" + leases,
                "--pid-file=" + dir.resolve("pid")))) {
            String line;
            while (!(line = dhcp.line()).contains("sockets bound exclusively to interface br0")) {
                assertTrue(line.startsWith("dnsmasq"), "dnsmasq: " + line);
            }
            Path resolv = NetworkTest.compile("resolvconf");
            Proc.Result r = egg(List.of("--net", "tap=" + TAP), resolv);
            assertEquals("/etc/resolv.conf -> /proc/net/pnp\n#PROTO: DHCP\nnameserver 192.168.77.1\n", r.out(), r.err());
            assertEquals(0, r.status(), r.err());
            assertTrue(Files.readString(leases).contains(" " + MacAddress.forTap(TAP).value() + " 192.168.77.5"),
                    "dnsmasq's leases: " + Files.readString(leases));
            Proc.Result own = egg(List.of("--net", "tap=" + TAP, "--dns", "1.1.1.1"), resolv);
            assertEquals("/etc/resolv.conf -> /proc/net/pnp\n#PROTO: DHCP\nnameserver 1.1.1.1\n", own.out(), own.err());
            callsThePeer(List.of("--net", "tap=" + TAP));
        }
    }

    /** egg pack --ip puts ip= in the image's GRUB command line; egg run boots it on the tap. */
    @Test
    void anImageOfEggPackWithAStaticAddress(@TempDir Path dir) throws Exception {
        Path iso = dir.resolve("callout.iso");
        Path callout = NetworkTest.compile("callout");
        Proc.Result pack = EggRun.egg(List.of("pack", "--ip", "192.168.77.3/24", callout.toString(), "-o",
                iso.toString(), "--", "7777", "192.168.77.1"), EggRun.HARD_TIMEOUT);
        assertEquals(0, pack.status(), pack.err());
        try (Beside peer = Beside.start(List.of(NetworkTest.compile("tappeer").toString(), "192.168.77.1", "7777"))) {
            assertEquals("listening", peer.line());
            Proc.Result r = egg(List.of("--net", "tap=" + TAP), iso);
            assertEquals(EggRun.onPackedImage("reply: eggos said hello from eggos\n"), r.out(), r.err());
            assertEquals(0, r.status(), r.err());
            assertEquals("hello from eggos", peer.line(), "what the peer on the bridge heard");
        }
    }

    /**
     * A user who may not open the tap (here nobody, and a tap of root's) gets one line saying what to
     * do: about /dev/net/tun where only root may open it, else about the tap's owner. QEMU, run as
     * the same user on the same tap, fails too: egg refuses exactly what would not work.
     */
    @Test
    void aTapQemuMayNotOpenIsOneLine() throws Exception {
        ip("-n", NS, "tuntap", "add", "dev", "taproot", "mode", "tap", "user", "0");
        ip("-n", NS, "link", "set", "taproot", "up");
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp");
        List<String> eggCmd = new ArrayList<>(nobody);
        eggCmd.addAll(EggRun.command(List.of("run", "--timeout", "20", "--net", "tap=taproot",
                NetworkTest.compile("resolvconf").toString())));
        Proc.Result r = Proc.run(inNamespace(eggCmd), null, Map.of(), EggRun.HARD_TIMEOUT);
        boolean othersOpenTun = Files.getPosixFilePermissions(Path.of("/dev/net/tun")).containsAll(
                java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                        java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
        assertEquals(othersOpenTun
                ? "egg: taproot belongs to user 0: run egg as that user, or give yourself the tap with `sudo ip tuntap"
                        + " del dev taproot mode tap && sudo ip tuntap add dev taproot mode tap user $USER && sudo ip"
                        + " link set taproot master br0 up`\n"
                : "egg: cannot open /dev/net/tun: run egg as root, or let every user open it as Debian does:"
                        + " sudo chmod 0666 /dev/net/tun\n", r.err());
        assertEquals(125, r.status(), r.err());
        List<String> qemu = new ArrayList<>(nobody);
        qemu.addAll(List.of("qemu-system-x86_64", "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-netdev", "tap,id=n0,ifname=taproot,script=no,downscript=no", "-device", "virtio-net-pci,netdev=n0"));
        Proc.Result q = Proc.run(inNamespace(qemu), null, Map.of(), STEP);
        assertEquals(1, q.status(), "QEMU as nobody on root's tap: " + q.err());
        assertTrue(q.err().contains(othersOpenTun ? "Operation not permitted" : "Permission denied"), q.err());
    }

    /**
     * A tap serves one guest: while a first egg holds it (its guest waits on a connection to an
     * address nobody has, which lwIP tries for minutes), a second egg on it says so in one line.
     */
    @Test
    void aTapInUseIsOneLine() throws Exception {
        ip("-n", NS, "tuntap", "add", "dev", "tapbusy", "mode", "tap");
        ip("-n", NS, "link", "set", "tapbusy", "up");
        Path callout = NetworkTest.compile("callout");
        try (Beside first = Beside.start(EggRun.command(List.of("run", "--timeout", "60", "--net", "tap=tapbusy",
                "--ip", "192.168.77.4/24", callout.toString(), "--", "7777", "192.168.77.99")))) {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (!Proc.run(inNamespace(List.of("cat", "/sys/class/net/tapbusy/carrier")), null, Map.of(), STEP)
                    .out().equals("1\n")) {
                assertTrue(System.nanoTime() < deadline && first.process().isAlive(),
                        "the first egg never opened tapbusy (its carrier stayed off)");
                Thread.sleep(100);
            }
            Proc.Result second = egg(List.of("--net", "tap=tapbusy"), NetworkTest.compile("resolvconf"));
            assertEquals("egg: tapbusy is in use (another egg or QEMU has it open): give each guest its own tap\n",
                    second.err());
            assertEquals(125, second.status(), second.err());
        }
    }

    @Test
    void aMissingTapIsOneLine() throws Exception {
        Proc.Result r = egg(List.of("--net", "tap=tap9"), NetworkTest.compile("resolvconf"));
        assertEquals(125, r.status(), r.err());
        assertEquals("egg: there is no network interface tap9: create the tap with `sudo ip tuntap add dev tap9 mode"
                + " tap user $USER && sudo ip link set tap9 master br0 up` (the README's Networking section)\n", r.err());
    }
}
