import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An interactive program: reads a line typed by the user after the prompt {@code >>> } and
 * prints its SHA-1, until the input ends (Ctrl-D at the start of a line, or the end of a pipe).
 * A plain JDK program: the same class runs on the host with {@code java Repl}.
 */
public class Repl {
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        HexFormat hex = HexFormat.of();
        for (;;) {
            out.print(">>> ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return;
            }
            byte[] digest = sha1.digest(line.getBytes(StandardCharsets.UTF_8));
            out.println("sha1(" + line + ") = " + hex.formatHex(digest));
        }
    }
}
