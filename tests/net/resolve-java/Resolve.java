import java.net.InetAddress;

/** For NetworkTest: resolves a name with InetAddress.getByName, as a service finds its database. */
public class Resolve {
    public static void main(String[] args) throws Exception {
        System.out.println(args[0] + " " + InetAddress.getByName(args[0]).getHostAddress());
    }
}
