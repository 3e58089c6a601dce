import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Field;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import javax.tools.ToolProvider;

/**
 * Reaches JDK modules that no static reference shows: each line says what it found, so that a
 * missing module changes the output (ModulesTest compares it with the host's).
 */
public class ReachedModules {
    interface Check {
        String run() throws Exception;
    }

    public static void main(String[] args) {
        // The SunEC provider of jdk.crypto.ec, which java.base finds by ServiceLoader.
        line("Ed25519", () -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getAlgorithm());
        // The "jar" file system provider of jdk.zipfs, also by ServiceLoader.
        line("zipfs", ReachedModules::zip);
        // java.compiler looks up the JavaCompiler of jdk.compiler by ServiceLoader.
        line("compiler", () -> String.valueOf(ToolProvider.getSystemJavaCompiler() != null));
        // Libraries probe these by name and run degraded without them.
        line("unsafe", ReachedModules::unsafe);
        line("hotspot", ReachedModules::hotspot);
    }

    static void line(String what, Check check) {
        String result;
        try {
            result = check.run();
        } catch (Exception e) {
            result = e.toString();
        }
        System.out.println(what + ": " + result);
    }

    static String zip() throws Exception {
        Path zip = Files.createTempDirectory("reached").resolve("a.zip");
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Files.writeString(fs.getPath("/hello.txt"), "zipped");
        }
        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            return Files.readString(fs.getPath("/hello.txt"));
        }
    }

    static String unsafe() throws Exception {
        Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return String.valueOf(f.get(null) != null);
    }

    static String hotspot() throws Exception {
        Class<? extends PlatformManagedObject> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean")
                .asSubclass(PlatformManagedObject.class);
        Object option = bean.getMethod("getVMOption", String.class).invoke(ManagementFactory.getPlatformMXBean(bean),
                "UseCompressedOops");
        return String.valueOf(option != null);
    }
}
