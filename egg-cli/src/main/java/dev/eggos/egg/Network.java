package dev.eggos.egg;

import java.util.List;

/**
 * The guest's network: a virtio-net card on QEMU's user network (NAT out: the guest reaches the
 * host at 10.0.2.2 and whatever the host reaches, DHCP gives its address and 10.0.2.3, QEMU's
 * forwarder to the host's resolver, as its DNS server), with the {@code -p} forwards in; or no
 * card at all ({@code --net none}: loopback only).
 */
public record Network(Mode mode, List<PortMapping> ports) {
    /** {@code --net}'s values. */
    public enum Mode { NAT, NONE }

    public static final Network NONE = new Network(Mode.NONE, List.of());
    /**
     * More options for QEMU's -netdev user, for tests: NetworkTest forwards a guest address to its
     * own DNS server on the host's loopback ({@code guestfwd=tcp:10.0.2.100:53-tcp:127.0.0.1:PORT}).
     */
    public static final String NETDEV_ENV = "EGG_QEMU_NETDEV";

    public Network {
        ports = List.copyOf(ports);
        if (mode == Mode.NONE && !ports.isEmpty()) {
            throw EggException.usage("-p forwards to the guest's network: drop --net none");
        }
    }

    /**
     * The network of a run: {@code --net} (null: the default, NAT on pc; microvm has no PCI bus
     * for the card) on this machine, with these forwards (each host port checked free).
     */
    public static Network of(Mode asked, Machine machine, List<PortMapping> ports) {
        Mode mode = asked != null ? asked : machine == Machine.PC ? Mode.NAT : Mode.NONE;
        if (machine != Machine.PC && (mode != Mode.NONE || !ports.isEmpty())) {
            throw EggException.usage((ports.isEmpty() ? "--net nat" : "-p") + " needs --machine pc"
                    + " (the kernel's network card is virtio-net on PCI)");
        }
        Network net = new Network(mode, ports);
        PortMapping.checkAvailable(net.ports());
        return net;
    }

    public boolean hasCard() {
        return mode != Mode.NONE;
    }

    /**
     * QEMU's -netdev: user networking (no restrict) with a hostfwd on 127.0.0.1 for each -p, then
     * extra (null or blank: nothing; see {@link #NETDEV_ENV}).
     */
    public String netdev(String extra) {
        StringBuilder sb = new StringBuilder("user,id=n0");
        for (PortMapping p : ports) {
            sb.append(",hostfwd=tcp:127.0.0.1:").append(p.host()).append("-:").append(p.guest());
        }
        if (extra != null && !extra.isBlank()) {
            sb.append(',').append(extra.trim());
        }
        return sb.toString();
    }
}
