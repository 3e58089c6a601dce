import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * For NetworkTest: the interfaces as java.net.NetworkInterface sees them (names, indexes, flags,
 * MTU, MAC, addresses with prefix lengths and broadcast), as a library that identifies its machine
 * by its hardware address does.
 */
public class Nics {
    public static void main(String[] args) throws Exception {
        List<NetworkInterface> all = NetworkInterface.networkInterfaces()
                .sorted(Comparator.comparingInt(NetworkInterface::getIndex)).toList();
        for (NetworkInterface ni : all) {
            byte[] mac = ni.getHardwareAddress();
            System.out.println(ni.getName() + " index " + ni.getIndex() + " up " + ni.isUp() + " loopback "
                    + ni.isLoopback() + " multicast " + ni.supportsMulticast() + " p2p " + ni.isPointToPoint()
                    + " virtual " + ni.isVirtual() + " mtu " + ni.getMTU() + " mac "
                    + (mac == null ? "none" : HexFormat.ofDelimiter(":").formatHex(mac)));
            for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                System.out.println("  " + a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength()
                        + " broadcast " + (a.getBroadcast() == null ? "none" : a.getBroadcast().getHostAddress()));
            }
        }
        for (String name : args) {
            NetworkInterface ni = NetworkInterface.getByName(name);
            System.out.println("getByName(" + name + "): index " + ni.getIndex() + ", getByIndex: "
                    + NetworkInterface.getByIndex(ni.getIndex()).getName() + ", getByInetAddress: "
                    + NetworkInterface.getByInetAddress(ni.getInetAddresses().nextElement()).getName());
        }
        InetAddress nowhere = InetAddress.getByName("192.0.2.1");
        System.out.println("getByName(nosuch0): " + NetworkInterface.getByName("nosuch0")
                + ", getByInetAddress(192.0.2.1): " + NetworkInterface.getByInetAddress(nowhere));
    }
}
