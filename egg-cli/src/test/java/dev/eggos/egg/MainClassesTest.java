package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainClassesTest {
    @TempDir
    static Path dir;
    static Path classes;

    @BeforeAll
    static void compile() throws IOException {
        classes = Cli.javac(dir, Map.of(
                "App.java", "public class App { public static void main(String[] args) { } }",
                "NoMain.java", "public class NoMain { public static void main(int x) { } void run() { } }",
                "NotPublic.java", "public class NotPublic { static void main(String[] args) { } }",
                "Instance.java", "public class Instance { void main() { } }",
                "PrivateMain.java", "public class PrivateMain { private static void main(String[] a) { } }",
                "a/b/Tool.java", "package a.b; public class Tool { public static class Inner {"
                        + " public static void main(String... args) { } } }",
                "a/b/Api.java", "package a.b; public interface Api { static void main(String[] args) { } }"));
    }

    @Test
    void publicStaticMainUpToJdk24() throws IOException {
        assertEquals(List.of("App", "a.b.Api", "a.b.Tool$Inner"), MainClasses.inDirectory(classes, 17));
        assertEquals(List.of("App", "a.b.Api", "a.b.Tool$Inner"), MainClasses.inDirectory(classes, 24));
    }

    @Test
    void instanceAndPackageMainFromJdk25() throws IOException {
        assertEquals(List.of("App", "Instance", "NotPublic", "a.b.Api", "a.b.Tool$Inner"),
                MainClasses.inDirectory(classes, 25));
    }

    @Test
    void inJar() throws IOException {
        Path jar = Cli.jar(dir.resolve("all.jar"), classes, Map.of());
        assertEquals(MainClasses.inDirectory(classes, 17), MainClasses.inJar(jar, 17));
    }

    @Test
    void notClassFiles() throws IOException {
        assertEquals(Optional.empty(), MainClasses.mainOf(new byte[0], 17));
        assertEquals(Optional.empty(), MainClasses.mainOf("not a class file".getBytes(), 17));
        byte[] app = Files.readAllBytes(classes.resolve("App.class"));
        assertEquals(Optional.of("App"), MainClasses.mainOf(app, 17));
        for (int cut : new int[] {4, 10, 40, app.length / 2}) {
            assertEquals(Optional.empty(), MainClasses.mainOf(java.util.Arrays.copyOf(app, cut), 17), "cut " + cut);
        }
        byte[] badTag = app.clone();
        badTag[10] = 99; // the first constant's tag
        assertEquals(Optional.empty(), MainClasses.mainOf(badTag, 17));
    }

    @Test
    void choose() {
        assertEquals("A", MainClasses.choose(List.of("A"), null, "dir"));
        assertEquals("B", MainClasses.choose(List.of("A", "B"), "B", "dir"));
        EggException many = assertThrows(EggException.class, () -> MainClasses.choose(List.of("A", "B"), null, "dir"));
        assertEquals("dir has 2 classes with a main method (A, B); choose one with --main CLASS", many.getMessage());
        assertEquals(ExitCodes.FAILED, many.status());
        EggException none = assertThrows(EggException.class, () -> MainClasses.choose(List.of(), null, "dir"));
        assertTrue(none.getMessage().startsWith("dir has no class with a public static void main"), none.getMessage());
        EggException wrong = assertThrows(EggException.class, () -> MainClasses.choose(List.of("A", "B"), "C", "dir"));
        assertEquals("--main C: dir has no class C with a main method (these have one: A, B)", wrong.getMessage());
    }
}
