package dev.eggos.egg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --net tap=IFNAME}: an existing tap device of the host that QEMU opens ({@code script=no}: egg
 * neither creates it nor puts it on a bridge; the README's "Networking" says how). Before QEMU starts,
 * egg checks through sysfs what makes QEMU fail or the network silently dead, and says in one line
 * what to do: no such interface, not a tap, a tun or multi_queue tap, owned by another user, down, or
 * in use by another guest. The checks read Linux's own rules (drivers/net/tun.c: tun_set_iff,
 * tun_not_capable).
 *
 * @param sysClassNet /sys/class/net
 * @param tun         /dev/net/tun
 * @param creds       the credentials QEMU will have (egg's)
 */
public record TapDevice(Path sysClassNet, Path tun, Creds creds) {
    /** Linux's interface names: 1 to 15 bytes, no slash, colon or space; QEMU's options add the comma. */
    private static final Pattern IFNAME = Pattern.compile("[^/:,\\s]{1,15}");
    static final int IFF_UP = 0x1, IFF_TUN = 0x1, IFF_MULTI_QUEUE = 0x100;
    static final int CAP_NET_ADMIN = 12;
    private static final String CREATE = "sudo ip tuntap add dev %s mode tap user $USER"
            + " && sudo ip link set %s master br0 up";

    /** The user, groups and capability QEMU opens the tap with. */
    public record Creds(long euid, List<Long> groups, boolean netAdmin) {
        /** This process's, from /proc/self/status. */
        static Creds ofThisProcess() {
            try {
                List<String> status = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
                return parse(status);
            } catch (IOException e) {
                throw EggException.environment("cannot read /proc/self/status: " + e.getMessage());
            }
        }

        static Creds parse(List<String> status) {
            long euid = -1;
            List<Long> groups = new ArrayList<>();
            boolean netAdmin = false;
            for (String line : status) {
                String[] f = line.split("\\s+");
                switch (f[0]) {
                    case "Uid:" -> euid = Long.parseLong(f[2]);
                    case "Gid:" -> groups.add(Long.parseLong(f[2]));
                    case "Groups:" -> Arrays.stream(f).skip(1).map(Long::parseLong).forEach(groups::add);
                    case "CapEff:" -> netAdmin = (Long.parseUnsignedLong(f[1], 16) >>> CAP_NET_ADMIN & 1) != 0;
                    default -> { }
                }
            }
            return new Creds(euid, groups, netAdmin);
        }
    }

    /** The host's. */
    public static TapDevice host() {
        return new TapDevice(Path.of("/sys/class/net"), Path.of("/dev/net/tun"), Creds.ofThisProcess());
    }

    /** Checks a name given to --net tap=, before anything else looks at the host. */
    public static String checkName(String ifname) {
        if (!IFNAME.matcher(ifname).matches() || ifname.equals(".") || ifname.equals("..")) {
            throw EggException.usage("--net tap=" + ifname + ": give the name of a tap device, like --net tap=tap0");
        }
        return ifname;
    }

    /** Fails with one line saying what to do when QEMU could not use this tap. */
    public void check(String ifname) {
        Path dev = sysClassNet.resolve(checkName(ifname));
        if (!Files.exists(tun)) {
            throw EggException.environment(tun + " is missing: load the tun module (sudo modprobe tun)");
        }
        if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
            throw EggException.environment("cannot open " + tun + ": run egg as root, or let every user open it"
                    + " as Debian does: sudo chmod 0666 " + tun);
        }
        if (!Files.isDirectory(dev)) {
            throw EggException.environment("there is no network interface " + ifname + ": create the tap with `"
                    + String.format(CREATE, ifname, ifname) + "` (the README's Networking section)");
        }
        if (!Files.exists(dev.resolve("tun_flags"))) {
            throw EggException.environment(ifname + " is not a tap device: give a tap on the bridge, made with `"
                    + String.format(CREATE, "tap0", "tap0") + "`");
        }
        long tunFlags = number(dev.resolve("tun_flags"));
        if ((tunFlags & IFF_TUN) != 0) {
            throw EggException.environment(ifname + " is a tun device (IP packets), not a tap (Ethernet frames):"
                    + " make it again with `sudo ip tuntap del dev " + ifname + " mode tun && "
                    + String.format(CREATE, ifname, ifname) + "`");
        }
        if ((tunFlags & IFF_MULTI_QUEUE) != 0) {
            throw EggException.environment(ifname + " is a multi_queue tap, which QEMU opens only with queues:"
                    + " make it again without multi_queue");
        }
        checkOwner(ifname, number(dev.resolve("owner")), number(dev.resolve("group")));
        if ((number(dev.resolve("flags")) & IFF_UP) == 0) {
            throw EggException.environment(ifname + " is down: bring it up with `sudo ip link set " + ifname + " up`");
        }
        // A tap's carrier is on while a program has it open: one guest at a time.
        if (number(dev.resolve("carrier")) != 0) {
            throw EggException.environment(ifname + " is in use (another egg or QEMU has it open): give each guest"
                    + " its own tap");
        }
    }

    /** tun_not_capable: an owner or group set, and not ours, unless we have CAP_NET_ADMIN. */
    private void checkOwner(String ifname, long owner, long group) {
        if (creds.netAdmin()) {
            return;
        }
        if (owner != -1 && owner != creds.euid()) {
            throw EggException.environment(ifname + " belongs to user " + owner + ": run egg as that user, or give"
                    + " yourself the tap with `sudo ip tuntap del dev " + ifname + " mode tap && "
                    + String.format(CREATE, ifname, ifname) + "`");
        }
        if (group != -1 && !creds.groups().contains(group)) {
            throw EggException.environment(ifname + " belongs to group " + group + ", which you are not in:"
                    + " join it, or run egg as root");
        }
    }

    /** A sysfs number: decimal, or hexadecimal after 0x. */
    private static long number(Path file) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw EggException.environment("cannot read " + file + ": " + e.getMessage());
        }
        return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
    }
}
