package dev.eggos.egg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine.Option;

/** {@code --ip} and {@code --dns}, shared by {@code egg run} and {@code egg pack}: see {@link GuestIp}. */
public final class GuestIpOptions {
    @Option(names = "--ip", paramLabel = "ADDR/PREFIX[,GW]",
            description = "A static address for the network card, its prefix length and default gateway, like"
                    + " --ip 192.168.1.50/24,192.168.1.1 (default: DHCP). egg run: with --net tap.")
    String ip;

    @Option(names = "--dns", paramLabel = "ADDR",
            description = "A DNS server for /etc/resolv.conf, in place of DHCP's first (a second --dns: its second).")
    List<String> dns = new ArrayList<>();

    GuestIp guestIp() {
        return GuestIp.of(ip, dns);
    }

    /**
     * What to add to a kernel command line that already holds these --kernel-arg words: " ip=..."
     * or nothing. A --kernel-arg ip= beside --ip or --dns is refused: the kernel reads one ip=.
     */
    String kernelArg(List<String> kernelArgs) {
        Optional<String> arg = guestIp().kernelArg();
        if (arg.isPresent() && kernelArgs.stream().anyMatch(a -> a.startsWith("ip="))) {
            throw EggException.usage("--kernel-arg ip=... and --ip or --dns both set the kernel's ip=: give one");
        }
        return arg.map(a -> " " + a).orElse("");
    }
}
