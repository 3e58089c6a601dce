package dev.eggos.egg;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --ip ADDR/PREFIX[,GW]}: a static IPv4 address for the guest's network card, its network's
 * prefix length and, optionally, the default gateway (which must be on that network). Addresses
 * are kept as the dotted quads the user wrote, checked.
 */
public record GuestAddress(String address, int prefix, String gateway) {
    private static final Pattern FORM = Pattern.compile("([0-9.]+)/(\\d{1,2})(?:,([0-9.]+))?");

    /** Parses {@code ADDR/PREFIX} or {@code ADDR/PREFIX,GW}, or fails with one usage line. */
    public static GuestAddress parse(String s) {
        Matcher m = FORM.matcher(s.trim());
        String hint = "--ip " + s + ": give ADDR/PREFIX[,GATEWAY], like --ip 192.168.1.50/24,192.168.1.1";
        if (!m.matches() || !isIpv4(m.group(1)) || (m.group(3) != null && !isIpv4(m.group(3)))) {
            throw EggException.usage(hint);
        }
        int prefix = Integer.parseInt(m.group(2));
        if (prefix < 1 || prefix > 32) {
            throw EggException.usage("--ip " + s + ": the prefix length is 1 to 32 (24 for 255.255.255.0)");
        }
        GuestAddress a = new GuestAddress(m.group(1), prefix, m.group(3));
        if (a.gateway != null && (a.network(a.gateway) != a.network(a.address) || a.gateway.equals(a.address))) {
            throw EggException.usage("--ip " + s + ": the gateway " + a.gateway + " is not another address on "
                    + dotted(a.network(a.address)) + "/" + prefix);
        }
        return a;
    }

    /** Whether s is four decimal numbers 0 to 255 joined by dots. */
    public static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The netmask in dotted form: 255.255.255.0 for /24. */
    public String netmask() {
        return dotted(mask());
    }

    private long mask() {
        return (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private long network(String a) {
        return value(a) & mask();
    }

    private static long value(String a) {
        long v = 0;
        for (String p : a.split("\\.")) {
            v = v << 8 | Integer.parseInt(p);
        }
        return v;
    }

    private static String dotted(long v) {
        return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }
}
