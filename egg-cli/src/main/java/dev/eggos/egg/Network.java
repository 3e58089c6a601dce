package dev.eggos.egg;

import java.util.List;
import java.util.Locale;

/**
 * The guest's network: a virtio-net card on QEMU's user network (NAT out: the guest reaches the
 * host at 10.0.2.2 and whatever the host reaches, DHCP gives its address and 10.0.2.3, QEMU's
 * forwarder to the host's resolver, as its DNS server), with the {@code -p} forwards in; or a card
 * on a tap device of the host ({@code --net tap=IFNAME}: on the host's bridge, as a machine of its
 * own, with an address from the bridge's DHCP server or {@code --ip}); or no card at all
 * ({@code --net none}: loopback only).
 *
 * @param tap  the tap device's name (TAP only)
 * @param ip   DHCP or a static address, and DNS servers (see {@link GuestIp})
 * @param mac  the card's MAC address, or null for QEMU's default (52:54:00:12:34:56; NAT only)
 */
public record Network(Mode mode, String tap, List<PortMapping> ports, GuestIp ip, MacAddress mac) {
    /** {@code --net}'s kinds. */
    public enum Mode { NAT, NONE, TAP }

    public static final Network NONE = new Network(Mode.NONE, null, List.of(), GuestIp.DHCP, null);
    /**
     * More options for QEMU's -netdev, for tests: NetworkTest forwards a guest address to its own
     * DNS server on the host's loopback ({@code guestfwd=tcp:10.0.2.100:53-tcp:127.0.0.1:PORT}).
     */
    public static final String NETDEV_ENV = "EGG_QEMU_NETDEV";
    private static final String TAP_PREFIX = "tap=";

    public Network {
        ports = List.copyOf(ports);
        if ((mode == Mode.TAP) != (tap != null)) {
            throw new IllegalArgumentException("a tap name goes with Mode.TAP only");
        }
        if (mode == Mode.NONE && !ports.isEmpty()) {
            throw EggException.usage("-p forwards to the guest's network: drop --net none");
        }
        if (mode == Mode.TAP && !ports.isEmpty()) {
            throw EggException.usage("-p forwards through QEMU's NAT: with --net tap the guest is on your bridge,"
                    + " reach it at its own address");
        }
        if (mode == Mode.NONE && (!ip.isDefault() || mac != null)) {
            throw EggException.usage("--ip, --dns and --mac set up the guest's network card: drop --net none");
        }
        if (mode == Mode.NAT && ip.address() != null) {
            throw EggException.usage("--ip is for --net tap: behind QEMU's NAT the guest is always 10.0.2.15,"
                    + " by DHCP");
        }
    }

    /**
     * The network of a run: {@code --net} (null: the default, NAT on pc; microvm has no PCI bus for
     * the card) on this machine, with these forwards (each host port checked free), --ip and --dns,
     * --mac (null: for a tap one derived from its name and the host, see {@link MacAddress}); a tap
     * is checked usable (see {@link TapDevice}).
     */
    public static Network of(String asked, Machine machine, List<PortMapping> ports, GuestIp ip, MacAddress mac) {
        String tap = tapName(asked);
        Mode mode = tap != null ? Mode.TAP : asked != null ? mode(asked)
                : machine == Machine.PC || !ip.isDefault() || mac != null ? Mode.NAT : Mode.NONE;
        if (machine != Machine.PC && (mode != Mode.NONE || !ports.isEmpty())) {
            String what = !ports.isEmpty() ? "-p" : asked != null ? "--net " + asked : "--ip, --dns or --mac";
            throw EggException.usage(what + " needs --machine pc (the kernel's network card is virtio-net on PCI)");
        }
        Network net = new Network(mode, tap, ports, ip, mac == null && tap != null ? MacAddress.forTap(tap) : mac);
        PortMapping.checkAvailable(net.ports());
        if (tap != null) {
            TapDevice.host().check(tap);
        }
        return net;
    }

    /** The IFNAME of --net tap=IFNAME, checked, or null for another --net. */
    static String tapName(String asked) {
        if (asked == null || !asked.trim().regionMatches(true, 0, TAP_PREFIX, 0, TAP_PREFIX.length())) {
            return null;
        }
        return TapDevice.checkName(asked.trim().substring(TAP_PREFIX.length()));
    }

    /** nat or none. */
    private static Mode mode(String asked) {
        return switch (asked.trim().toLowerCase(Locale.ROOT)) {
            case "nat" -> Mode.NAT;
            case "none" -> Mode.NONE;
            default -> throw EggException.usage("--net " + asked + ": give nat, none or tap=IFNAME");
        };
    }

    public boolean hasCard() {
        return mode != Mode.NONE;
    }

    /**
     * QEMU's -netdev: user networking (no restrict) with a hostfwd on 127.0.0.1 for each -p, or the
     * tap (no scripts: it is set up already), then extra (null or blank: nothing; see
     * {@link #NETDEV_ENV}).
     */
    public String netdev(String extra) {
        StringBuilder sb = new StringBuilder();
        if (mode == Mode.TAP) {
            sb.append("tap,id=n0,ifname=").append(tap).append(",script=no,downscript=no");
        } else {
            sb.append("user,id=n0");
        }
        for (PortMapping p : ports) {
            sb.append(",hostfwd=tcp:127.0.0.1:").append(p.host()).append("-:").append(p.guest());
        }
        if (extra != null && !extra.isBlank()) {
            sb.append(',').append(extra.trim());
        }
        return sb.toString();
    }

    /** QEMU's -device: virtio-net over PCI (virtio 1.0, so no legacy interface), with its MAC. */
    public String device() {
        return "virtio-net-pci,netdev=n0,disable-legacy=on" + (mac == null ? "" : ",mac=" + mac.value());
    }
}
