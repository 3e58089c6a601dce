import java.io.IOException;
import java.io.InputStream;
import java.util.Scanner;

/**
 * For StdinTest: reads System.in to its end as a program does. {@code bytes}: read(byte[]) to the
 * end, each byte to System.out as it came; {@code scanner}: new Scanner(System.in) line by line,
 * each line's length and hash. Both then say on System.err what came and whether System.console()
 * sees a terminal (not with a piped input, as on Linux).
 */
public class StdinRead {
    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "bytes";
        long count = mode.equals("scanner") ? scanLines() : copyBytes(System.in);
        System.out.flush();
        System.err.println(mode + ": " + count + (mode.equals("scanner") ? " lines" : " bytes") + ", then the end;"
                + " console: " + (System.console() != null ? "a terminal" : "none"));
    }

    private static long copyBytes(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            System.out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    private static long scanLines() {
        Scanner sc = new Scanner(System.in, "UTF-8");
        long lines = 0;
        while (sc.hasNextLine()) {
            String line = sc.nextLine();
            System.out.println(line.length() + " " + Integer.toHexString(line.hashCode()));
            lines++;
        }
        return lines;
    }
}
