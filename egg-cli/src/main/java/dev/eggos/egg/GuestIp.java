package dev.eggos.egg;

import java.util.List;
import java.util.Optional;

/**
 * How the guest's network card gets its address and DNS servers: DHCP (no {@code --ip}), or a
 * static {@link GuestAddress}; the {@code --dns} servers (at most two, as Linux's ip= takes) take
 * the place of DHCP's first and second. The kernel takes it as Linux does, from {@code ip=} on its
 * command line ({@link #kernelArg()}), and lists the servers in /proc/net/pnp, to which
 * /etc/resolv.conf links.
 */
public record GuestIp(GuestAddress address, List<String> dns) {
    public static final GuestIp DHCP = new GuestIp(null, List.of());
    public static final int MAX_DNS = 2;

    public GuestIp {
        dns = List.copyOf(dns);
        if (dns.size() > MAX_DNS) {
            throw EggException.usage("--dns is given " + dns.size() + " times: the kernel takes two servers at most");
        }
        for (String d : dns) {
            if (!GuestAddress.isIpv4(d)) {
                throw EggException.usage("--dns " + d + ": give an IPv4 address, like --dns 192.168.1.1");
            }
        }
    }

    /** --ip (null: DHCP) and the --dns servers. */
    public static GuestIp of(String ip, List<String> dns) {
        return new GuestIp(ip == null ? null : GuestAddress.parse(ip), dns);
    }

    /** No --ip and no --dns: DHCP, as the kernel does without ip=. */
    public boolean isDefault() {
        return address == null && dns.isEmpty();
    }

    /**
     * The kernel's {@code ip=} in Linux's form (client:server:gateway:netmask:hostname:device:autoconf:
     * dns0:dns1); empty for plain DHCP, which the kernel does without it. Static: autoconf off.
     * DHCP with DNS servers: autoconf dhcp, the servers given.
     */
    public Optional<String> kernelArg() {
        if (isDefault()) {
            return Optional.empty();
        }
        String fields = address == null ? "::::::dhcp"
                : address.address() + "::" + (address.gateway() == null ? "" : address.gateway()) + ":"
                        + address.netmask() + ":::off";
        return Optional.of("ip=" + fields + (dns.isEmpty() ? "" : ":" + String.join(":", dns)));
    }
}
