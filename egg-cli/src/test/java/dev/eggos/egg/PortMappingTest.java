package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class PortMappingTest {
    @Test
    void parses() {
        assertEquals(new PortMapping(8000, 80), PortMapping.parse("8000:80"));
        assertEquals(new PortMapping(8080, 8080), PortMapping.parse("8080"));
        for (String bad : List.of("", "x", "80:", ":80", "0:80", "80:0", "65536:1", "1:2:3", "-1", "80 81")) {
            EggException e = assertThrows(EggException.class, () -> PortMapping.parse(bad), bad);
            assertEquals(ExitCodes.FAILED, e.status());
        }
    }

    @Test
    void qemuGetsANetworkCardUnlessNone() {
        Path k = Path.of("/k"), i = Path.of("/i");
        List<String> none = Qemu.command("q", new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, k, i, ""));
        assertFalse(none.contains("-netdev"));
        List<String> nat = Qemu.command("q", new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, k, i, "",
                Network.of(null, Machine.PC, List.of(), GuestIp.DHCP, null)));
        assertEquals("user,id=n0", nat.get(nat.indexOf("-netdev") + 1), "NAT out: no restrict=on");
        List<String> cmd = Qemu.command("q", new QemuConfig(Machine.PC, Accel.TCG, "512M", 1, k, i, "",
                new Network(Network.Mode.NAT, null, List.of(new PortMapping(8000, 8000), new PortMapping(2222, 22)),
                        GuestIp.DHCP, null)));
        assertEquals("user,id=n0,hostfwd=tcp:127.0.0.1:8000-:8000,hostfwd=tcp:127.0.0.1:2222-:22",
                cmd.get(cmd.indexOf("-netdev") + 1));
        assertEquals("virtio-net-pci,netdev=n0,disable-legacy=on", cmd.get(cmd.lastIndexOf("-device") + 1));
        assertEquals("user,id=n0,guestfwd=tcp:10.0.2.100:53-tcp:127.0.0.1:5353",
                Network.of(null, Machine.PC, List.of(), GuestIp.DHCP, null).netdev(" guestfwd=tcp:10.0.2.100:53-tcp:127.0.0.1:5353 "));
    }

    @Test
    void theDefaultNetworkIsNatOnPcOnly() {
        assertEquals(Network.Mode.NAT, Network.of(null, Machine.PC, List.of(), GuestIp.DHCP, null).mode());
        assertEquals(Network.Mode.NONE, Network.of(null, Machine.MICROVM, List.of(), GuestIp.DHCP, null).mode());
        assertEquals(Network.Mode.NONE, Network.of("none", Machine.PC, List.of(), GuestIp.DHCP, null).mode());
        for (Machine m : Machine.values()) {
            EggException e = assertThrows(EggException.class,
                    () -> Network.of("none", m, List.of(new PortMapping(1, 2)), GuestIp.DHCP, null));
            assertEquals(ExitCodes.FAILED, e.status());
        }
        assertThrows(EggException.class, () -> Network.of("nat", Machine.MICROVM, List.of(), GuestIp.DHCP, null));
        assertThrows(EggException.class, () -> Network.of(null, Machine.MICROVM, List.of(new PortMapping(1, 2)), GuestIp.DHCP, null));
    }

    @Test
    void aTakenPortIsOneClearError() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = s.getLocalPort();
            EggException e = assertThrows(EggException.class,
                    () -> PortMapping.checkAvailable(List.of(new PortMapping(port, 80))));
            assertTrue(e.getMessage().startsWith("host port " + port + " is already in use"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        EggException twice = assertThrows(EggException.class,
                () -> PortMapping.checkAvailable(List.of(new PortMapping(1, 2), new PortMapping(1, 3))));
        assertTrue(twice.getMessage().contains("given twice"));
    }
}
