package dev.eggos.egg;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** {@code --ip} and {@code --dns}, shared by {@code egg run} and {@code egg pack}: see {@link GuestIp}. */
public final class GuestIpOptions {
    @Option(names = "--ip", paramLabel = "ADDR/PREFIX[,GW]",
            description = "A static address for the network card, its prefix length and default gateway, like"
                    + " --ip 192.168.1.50/24,192.168.1.1 (default: DHCP). egg run: with --net tap.")
    String ip;

    @Option(names = "--dns", paramLabel = "ADDR",
            description = "A DNS server for /etc/resolv.conf, before DHCP's (twice at most). Repeatable.")
    List<String> dns = new ArrayList<>();

    GuestIp guestIp() {
        return GuestIp.of(ip, dns);
    }
}
