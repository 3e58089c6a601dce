package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --net tap=IFNAME, --ip, --dns and --mac: parsing, the kernel's ip=, QEMU's options, the tap's checks. */
class TapNetworkTest {
    private static EggException usage(org.junit.jupiter.api.function.Executable e, String start) {
        EggException x = assertThrows(EggException.class, e);
        assertEquals(ExitCodes.FAILED, x.status());
        assertTrue(x.getMessage().startsWith(start), x.getMessage());
        assertFalse(x.getMessage().contains("\n"), x.getMessage());
        return x;
    }

    @Test
    void parsesAStaticAddress() {
        GuestAddress a = GuestAddress.parse("192.168.77.2/24,192.168.77.1");
        assertEquals(new GuestAddress("192.168.77.2", 24, "192.168.77.1"), a);
        assertEquals("255.255.255.0", a.netmask());
        assertEquals("255.255.240.0", GuestAddress.parse("10.1.2.3/20").netmask());
        assertEquals("255.255.255.255", GuestAddress.parse("10.1.2.3/32").netmask());
        assertEquals(null, GuestAddress.parse("10.1.2.3/8").gateway());
        for (String bad : List.of("", "192.168.77.2", "192.168.77.2/", "192.168.77.2/24,", "1.2.3/24", "1.2.3.256/24",
                "1.2.3.4/24;1.2.3.1", "1.2.3.4/24,1.2.3", "a.b.c.d/24", "1.2.3.4/24 1.2.3.1")) {
            usage(() -> GuestAddress.parse(bad), "--ip " + bad + ": give ADDR/PREFIX[,GATEWAY]");
        }
        usage(() -> GuestAddress.parse("1.2.3.4/0"), "--ip 1.2.3.4/0: the prefix length is 1 to 32");
        usage(() -> GuestAddress.parse("1.2.3.4/33"), "--ip 1.2.3.4/33: the prefix length is 1 to 32");
        usage(() -> GuestAddress.parse("192.168.77.2/24,192.168.78.1"),
                "--ip 192.168.77.2/24,192.168.78.1: the gateway 192.168.78.1 is not another address on 192.168.77.0/24");
        usage(() -> GuestAddress.parse("192.168.77.2/24,192.168.77.2"), "--ip 192.168.77.2/24,192.168.77.2: the gateway");
    }

    /** Linux's ip=client:server:gw:netmask:hostname:device:autoconf:dns0:dns1 (net/ipconfig.c parses it). */
    @Test
    void theKernelsIpOption() {
        assertEquals(Optional.empty(), GuestIp.of(null, List.of()).kernelArg(), "DHCP: the kernel's default");
        assertEquals(Optional.of("ip=192.168.77.2::192.168.77.1:255.255.255.0:::off"),
                GuestIp.of("192.168.77.2/24,192.168.77.1", List.of()).kernelArg());
        assertEquals(Optional.of("ip=10.0.0.9:::255.0.0.0:::off:10.0.0.1:9.9.9.9"),
                GuestIp.of("10.0.0.9/8", List.of("10.0.0.1", "9.9.9.9")).kernelArg());
        assertEquals(Optional.of("ip=::::::dhcp:1.1.1.1"), GuestIp.of(null, List.of("1.1.1.1")).kernelArg(),
                "DHCP with a DNS server of one's own");
        usage(() -> GuestIp.of(null, List.of("1.1.1.1", "8.8.8.8", "9.9.9.9")), "--dns is given 3 times");
        usage(() -> GuestIp.of(null, List.of("dns.example")), "--dns dns.example: give an IPv4 address");
    }

    @Test
    void aTapInQemu() {
        Network tap = new Network(Network.Mode.TAP, "tap7", List.of(), GuestIp.DHCP, new MacAddress("52:54:00:aa:bb:cc"));
        assertEquals("tap,id=n0,ifname=tap7,script=no,downscript=no", tap.netdev(null));
        assertEquals("virtio-net-pci,netdev=n0,disable-legacy=on,mac=52:54:00:aa:bb:cc", tap.device());
        List<String> cmd = Qemu.command("q", new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, Path.of("/k"),
                Path.of("/i"), "", tap));
        assertEquals("tap,id=n0,ifname=tap7,script=no,downscript=no", cmd.get(cmd.indexOf("-netdev") + 1));
        assertEquals("virtio-net-pci,netdev=n0,disable-legacy=on",
                Network.of(null, Machine.PC, List.of(), GuestIp.DHCP, null).device(), "NAT: QEMU's MAC");
    }

    @Test
    void whatMakesNoSenseIsOneLine() {
        GuestIp stat = GuestIp.of("192.168.77.2/24", List.of());
        usage(() -> Network.of("tap=tap0", Machine.PC, List.of(new PortMapping(8000, 80)), GuestIp.DHCP, null),
                "-p forwards through QEMU's NAT: with --net tap");
        usage(() -> Network.of("nat", Machine.PC, List.of(), stat, null), "--ip is for --net tap");
        usage(() -> Network.of(null, Machine.PC, List.of(), stat, null), "--ip is for --net tap");
        usage(() -> Network.of("none", Machine.PC, List.of(), GuestIp.of(null, List.of("1.1.1.1")), null),
                "--ip, --dns and --mac set up the guest's network card: drop --net none");
        usage(() -> Network.of("none", Machine.PC, List.of(), GuestIp.DHCP, new MacAddress("52:54:00:00:00:01")),
                "--ip, --dns and --mac");
        usage(() -> Network.of("bridge", Machine.PC, List.of(), GuestIp.DHCP, null),
                "--net bridge: give nat, none or tap=IFNAME");
        usage(() -> Network.of("tap=tap0", Machine.MICROVM, List.of(), GuestIp.DHCP, null),
                "--net tap=tap0 needs --machine pc");
        usage(() -> Network.of(null, Machine.MICROVM, List.of(), GuestIp.of(null, List.of("1.1.1.1")), null),
                "--ip, --dns or --mac needs --machine pc");
        for (String bad : List.of("", "tap0,script=/bin/sh", "a/b", "x:1", "sixteen-chars-xx", "..", "tap 0")) {
            usage(() -> Network.of("tap=" + bad, Machine.PC, List.of(), GuestIp.DHCP, null),
                    "--net tap=" + bad + ": give the name of a tap device");
        }
        assertEquals(Network.Mode.NAT, Network.of("NAT", Machine.PC, List.of(), GuestIp.of(null, List.of("1.1.1.1")),
                null).mode(), "--dns with NAT: DHCP's address, one's own DNS server");
    }

    @Test
    void macAddresses() {
        MacAddress a = MacAddress.derived("0123456789abcdef0123456789abcdef", "tap0");
        assertEquals(a, MacAddress.derived("0123456789abcdef0123456789abcdef", "tap0"), "the same on every run");
        assertTrue(a.value().matches("52:54:00(:[0-9a-f]{2}){3}"), a.value());
        assertNotEquals(a, MacAddress.derived("0123456789abcdef0123456789abcdef", "tap1"));
        assertNotEquals(a, MacAddress.derived("fedcba9876543210fedcba9876543210", "tap0"));
        assertNotEquals("52:54:00:12:34:56", a.value());
        assertEquals("52:54:00:0a:0b:0c", new MacAddress("52-54-00-0A-0B-0C").value());
        usage(() -> new MacAddress("52:54:00:0a:0b"), "--mac 52:54:00:0a:0b: give six hex bytes");
        usage(() -> new MacAddress("01:00:5e:00:00:01"), "--mac 01:00:5e:00:00:01: a multicast address");
    }

    @Test
    void credentialsFromProcSelfStatus() {
        TapDevice.Creds c = TapDevice.Creds.parse(List.of("Name:\tjava", "Uid:\t1000\t1001\t1001\t1001",
                "Gid:\t100\t101\t101\t101", "Groups:\t4 24 27 ", "CapEff:\t0000000000000000"));
        assertEquals(new TapDevice.Creds(1001, List.of(101L, 4L, 24L, 27L), false), c);
        assertTrue(TapDevice.Creds.parse(List.of("Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0", "Groups:\t",
                "CapEff:\t000001ffffffffff")).netAdmin());
    }

    /** A fake /sys/class/net/NAME of a tap as Linux shows it, and /dev/net/tun. */
    private static Path fakeTap(Path sys, String name, String tunFlags, long owner, long group, String flags,
                                String carrier) throws IOException {
        Path d = Files.createDirectories(sys.resolve("net").resolve(name));
        if (tunFlags != null) {
            Files.writeString(d.resolve("tun_flags"), tunFlags + "\n");
            Files.writeString(d.resolve("owner"), owner + "\n");
            Files.writeString(d.resolve("group"), group + "\n");
        }
        Files.writeString(d.resolve("flags"), flags + "\n");
        Files.writeString(d.resolve("carrier"), carrier + "\n");
        return d;
    }

    @Test
    void aTapThatQemuCannotUseIsOneLineSayingWhatToDo(@TempDir Path sys) throws IOException {
        Path tun = Files.writeString(sys.resolve("tun"), "");
        Path net = sys.resolve("net");
        TapDevice.Creds user = new TapDevice.Creds(1000, List.of(1000L, 27L), false);
        TapDevice host = new TapDevice(net, tun, user);
        fakeTap(sys, "tap0", "0x1802", 1000, -1, "0x1003", "0");
        host.check("tap0");
        new TapDevice(net, tun, new TapDevice.Creds(0, List.of(0L), true)).check("tap0");
        usage(() -> new TapDevice(net, sys.resolve("missing"), user).check("tap0"),
                sys.resolve("missing") + " is missing: load the tun module (sudo modprobe tun)");
        usage(() -> host.check("tap9"), "there is no network interface tap9: create the tap with"
                + " `sudo ip tuntap add dev tap9 mode tap user $USER && sudo ip link set tap9 master br0 up`");
        fakeTap(sys, "br0", null, 0, 0, "0x1003", "1");
        usage(() -> host.check("br0"), "br0 is not a tap device");
        fakeTap(sys, "tun0", "0x1801", -1, -1, "0x1003", "0");
        usage(() -> host.check("tun0"), "tun0 is a tun device (IP packets), not a tap");
        fakeTap(sys, "mq0", "0x1902", -1, -1, "0x1003", "0");
        usage(() -> host.check("mq0"), "mq0 is a multi_queue tap");
        fakeTap(sys, "root0", "0x1802", 0, -1, "0x1003", "0");
        usage(() -> host.check("root0"), "root0 belongs to user 0: run egg as that user");
        fakeTap(sys, "grp0", "0x1802", -1, 50, "0x1003", "0");
        usage(() -> host.check("grp0"), "grp0 belongs to group 50, which you are not in");
        fakeTap(sys, "grp1", "0x1802", -1, 27, "0x1003", "0");
        host.check("grp1");
        fakeTap(sys, "anyone0", "0x1802", -1, -1, "0x1003", "0");
        host.check("anyone0");
        fakeTap(sys, "down0", "0x1802", 1000, -1, "0x1002", "0");
        usage(() -> host.check("down0"), "down0 is down: bring it up with `sudo ip link set down0 up`");
        fakeTap(sys, "busy0", "0x1802", 1000, -1, "0x1003", "1");
        usage(() -> host.check("busy0"), "busy0 is in use (another egg or QEMU has it open)");
    }

    @Test
    void theCommandLineRefusesPWithTap() {
        Cli.Result r = Cli.egg("run", "--net", "tap=tap0", "-p", "8000:80", "whatever");
        assertEquals(ExitCodes.FAILED, r.status(), r.err());
        assertTrue(r.err().startsWith("egg: -p forwards through QEMU's NAT"), r.err());
    }

    @Test
    void oneIpForTheKernel() {
        Cli.Result r = Cli.egg("pack", "--dns", "1.1.1.1", "--kernel-arg", "ip=dhcp", "whatever");
        assertEquals(ExitCodes.FAILED, r.status(), r.err());
        assertEquals("egg: --kernel-arg ip=... and --ip or --dns both set the kernel's ip=: give one\n", r.err());
    }
}
