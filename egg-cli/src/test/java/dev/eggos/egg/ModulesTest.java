package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK modules egg finds a program may reach, on small jars made here (with the running JDK). */
class ModulesTest {
    static JdkModules jdk;

    @TempDir
    Path dir;

    @BeforeAll
    static void readJdk() throws IOException {
        jdk = JdkModules.of(Jdk.running());
    }

    /** A jar holding {@code entries} (name to bytes), as a Spring Boot or Quarkus build lays them out. */
    static Path zip(Path jar, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path compiled(String name, String source) throws IOException {
        return Cli.javac(Files.createDirectories(dir.resolve(name)), Map.of(name + ".java", source))
                .resolve(name + ".class");
    }

    @Test
    void constantPoolNames() throws IOException {
        Path c = compiled("Probe", """
                public class Probe {
                    static Object probe() throws Exception {
                        System.getProperty("java.awt.headless");
                        for (String s : new String[] {"com.sun.management.", "sun/nio/cs/UTF_8", "not a name"}) {
                            System.out.println(s);
                        }
                        return Class.forName("sun.misc.Unsafe");
                    }
                    static javax.tools.JavaCompiler compiler() { return null; }
                }""");
        Set<String> names = ClassFile.read(Files.readAllBytes(c)).names();
        for (String n : List.of("sun.misc.Unsafe", "com.sun.management.", "sun.nio.cs.UTF_8", "java.awt.headless",
                "javax.tools.JavaCompiler", "java.lang.Class", "java.io.PrintStream")) {
            assertTrue(names.contains(n), n + " in " + names);
        }
        assertFalse(names.contains("not a name"), names.toString());
        SortedSet<String> reached = Modules.reached(jdk, names);
        assertTrue(reached.containsAll(List.of("java.base", "jdk.unsupported", "jdk.management", "java.compiler",
                "jdk.compiler")), reached.toString());
        assertFalse(reached.contains("java.desktop"), "a property name is no class: " + reached);
    }

    @Test
    void namesToModules() {
        assertEquals(Optional.of("java.logging"), jdk.moduleOf("java.util.logging"));
        assertEquals(Optional.of("jdk.management"), jdk.moduleOf("com.sun.management."));
        assertEquals(Optional.of("jdk.unsupported"), jdk.moduleOf("sun.misc.Unsafe"));
        assertEquals(Optional.of("java.desktop"), jdk.moduleOf("java.beans.PropertyEditorSupport"));
        // /packages/java.util of the jrt file system also lists java.logging and java.prefs, for their subpackages.
        assertEquals(Optional.of("java.base"), jdk.moduleOf("java.util.Map"));
        assertEquals(Optional.of("java.base"), jdk.moduleOf("java.lang.Thread$State"));
        assertEquals(Optional.empty(), jdk.moduleOf("java.awt.headless"));
        assertEquals(Optional.empty(), jdk.moduleOf("com.example.Main"));
    }

    @Test
    void serviceProviders() throws IOException {
        assertTrue(jdk.providers().get("java.nio.file.spi.FileSystemProvider").contains("jdk.zipfs"));
        assertTrue(jdk.providers().get("java.security.Provider").contains("jdk.crypto.ec"));
        assertEquals(Set.of("jdk.compiler"), Set.copyOf(jdk.providers().get("javax.tools.JavaCompiler")));
        // A program that declares a service of the JDK (here only that) reaches its JDK providers.
        Path jar = zip(dir.resolve("services.jar"), Map.of("META-INF/services/javax.tools.JavaCompiler",
                "com.example.MyCompiler\n".getBytes()));
        Set<String> names = ProgramJars.names(List.of(jar));
        assertEquals(Set.of("javax.tools.JavaCompiler"), names);
        assertEquals(Set.of("java.compiler", "jdk.compiler"), Modules.reached(jdk, names));
    }

    @Test
    void nestedJars() throws IOException {
        Path inner = Cli.jar(dir.resolve("inner.jar"), compiled("Editor",
                "public class Editor extends java.beans.PropertyEditorSupport { }").getParent(), Map.of());
        Path app = compiled("App", "public class App { public static void main(String[] a) { } }");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader"
                + ".JarLauncher\nStart-Class: App\n").getBytes());
        entries.put("BOOT-INF/classes/App.class", Files.readAllBytes(app));
        entries.put("BOOT-INF/lib/inner.jar", Files.readAllBytes(inner));
        Path boot = zip(dir.resolve("boot.jar"), entries);

        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        List<Path> jars = ProgramJars.expand(List.of(boot), scratch);
        assertEquals(2, jars.size(), jars.toString());
        assertEquals(boot, jars.get(0));
        assertTrue(jars.get(1).startsWith(scratch) && jars.get(1).endsWith("inner.jar"), jars.toString());
        assertTrue(ProgramJars.names(jars).contains("java.beans.PropertyEditorSupport"));

        // A folder's jars count too (a Quarkus fast-jar's quarkus-app/lib/main/*.jar).
        Path quarkus = Files.createDirectories(dir.resolve("quarkus-app/lib/main"));
        Files.copy(inner, quarkus.resolve("inner.jar"));
        assertEquals(List.of(dir.resolve("quarkus-app"), quarkus.resolve("inner.jar")),
                ProgramJars.expand(List.of(dir.resolve("quarkus-app")), scratch));

        StringWriter err = new StringWriter();
        SortedSet<String> modules = Modules.select(Jdk.running(), jars, List.of(), false,
                new Progress(new PrintWriter(err), true));
        assertTrue(modules.containsAll(List.of("java.base", "java.desktop", "jdk.crypto.ec", "jdk.zipfs")),
                modules + " " + err);
    }

    @Test
    void unreadableJarWarns() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jar"), "not really a jar");
        StringWriter err = new StringWriter();
        SortedSet<String> modules = Modules.select(Jdk.running(), List.of(bad), List.of(), false,
                new Progress(new PrintWriter(err), true));
        assertTrue(err.toString().contains("egg: could not read the classes of " + bad), err.toString());
        assertTrue(modules.containsAll(List.of("java.se", "jdk.zipfs")), modules.toString());
    }

    @Test
    void everyModule() throws IOException {
        Jdk running = Jdk.running();
        SortedSet<String> all = Modules.select(running, List.of(), List.of(), true, new Progress(new PrintWriter(
                new StringWriter()), true));
        assertEquals(running.modules(), all);
        assertTrue(all.contains("jdk.localedata"));
    }
}
