import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A program whose jar carries its JNI library, as sqlite-jdbc's does: it copies
 * /native/Linux/x86_64/libcube.so out to /tmp and System.load()s it. The library needs
 * libpthread.so.0 (as every library built against a glibc older than 2.34 does) and libm.
 */
public class Cube {
    static native double cubeRoot(double x);

    /** The sum 1..n, computed on a POSIX thread of the library's own. */
    static native long sumOnThread(int n);

    public static void main(String[] args) throws Exception {
        Path lib = Files.createTempFile(Path.of("/tmp"), "cube-", ".so");
        try (InputStream in = Cube.class.getResourceAsStream("/native/Linux/x86_64/libcube.so")) {
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        }
        System.load(lib.toString());
        System.out.printf("cbrt(27) = %.9f%n", cubeRoot(27)); // glibc's cbrt is within 1 ulp: 3.0000000000000004
        System.out.printf("cbrt(2) = %.9f%n", cubeRoot(2));
        System.out.println("sum(1..100) on a pthread = " + sumOnThread(100));
        Files.delete(lib);
    }
}
