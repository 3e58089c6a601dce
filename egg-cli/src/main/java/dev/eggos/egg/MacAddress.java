package dev.eggos.egg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The guest card's MAC address, as QEMU's {@code mac=} takes it: {@code --mac}, or for a tap one of
 * this host's own: QEMU's 52:54:00 prefix (locally administered, unicast, as libvirt's) and three
 * bytes of a hash of /etc/machine-id and the tap's name. So a guest keeps its address on every run
 * (a DHCP server gives it the same lease), and guests on different taps or hosts sharing a bridge
 * differ, where QEMU's default, 52:54:00:12:34:56 for every guest, would collide.
 */
public record MacAddress(String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Path MACHINE_ID = Path.of("/etc/machine-id");

    public MacAddress {
        value = value.trim().toLowerCase(Locale.ROOT).replace('-', ':');
        if (!FORM.matcher(value).matches()) {
            throw EggException.usage("--mac " + value + ": give six hex bytes, like --mac 52:54:00:12:34:57");
        }
        if ((Integer.parseInt(value.substring(0, 2), 16) & 1) != 0) {
            throw EggException.usage("--mac " + value + ": a multicast address (the first byte is odd); give a"
                    + " unicast one, like 52:54:00:12:34:57");
        }
    }

    /** The address of a guest on this tap of this host (see above). */
    public static MacAddress forTap(String ifname) {
        String machine;
        try {
            machine = Files.readString(MACHINE_ID, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            machine = "";       // containers may lack it: then the tap's name alone
        }
        return derived(machine, ifname);
    }

    static MacAddress derived(String machineId, String ifname) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("egg tap " + machineId + " " + ifname).getBytes(StandardCharsets.UTF_8));
            return new MacAddress("52:54:00:" + HexFormat.ofDelimiter(":").formatHex(h, 0, 3));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
