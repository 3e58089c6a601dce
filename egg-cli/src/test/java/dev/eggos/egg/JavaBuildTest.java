package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of building a Java program: what FILE is, the jar's launch, argv, the JDK, cache keys. */
class JavaBuildTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private String kindError(Path p) {
        return assertThrows(EggException.class, () -> ProgramKind.of(p, p.toString())).getMessage();
    }

    @Test
    void programKinds() throws IOException {
        write("maven/pom.xml", "<project/>");
        write("maven/src/main/java/A.java", "class A {}");
        assertEquals(ProgramKind.MAVEN, ProgramKind.of(dir.resolve("maven"), "maven"));
        write("sources/a/b/C.java", "package a.b; class C {}");
        assertEquals(ProgramKind.JAVA_SOURCES, ProgramKind.of(dir.resolve("sources"), "sources"));
        assertEquals(ProgramKind.ELF, ProgramKind.of(Path.of(System.getProperty("java.home"), "bin", "java"), "java"));
        Path jar = Cli.jar(dir.resolve("x.bin"), Files.createDirectories(dir.resolve("empty")), Map.of());
        assertEquals(ProgramKind.JAR, ProgramKind.of(jar, "x.bin"));
        assertTrue(ProgramKind.JAR.isJava() && !ProgramKind.ELF.isJava());

        write("hidden/.git/X.java", "class X {}");
        assertTrue(kindError(dir.resolve("hidden")).contains("is a directory with no .java files and no pom.xml"));
        assertTrue(kindError(dir.resolve("sources/a/b/C.java")).endsWith("is a .java file: give the folder it is in"));
        assertTrue(kindError(write("t.txt", "text")).contains("is not an ELF executable, nor a jar"));
        assertTrue(kindError(dir.resolve("nope")).endsWith(": no such file"));
    }

    @Test
    void javaSourcesSkipHiddenFolders() throws IOException {
        write("src/.hidden/A.java", "");
        Path b = write("src/p/B.java", "");
        Path c = write("src/C.java", "");
        write("src/D.txt", "");
        assertEquals(List.of(c, b), JavaSources.find(dir.resolve("src")));
        assertEquals("\"/a b/\\\\x\\\"y\"", JavaSources.quote("/a b/\\x\"y"));
    }

    @Test
    void jarLaunch() throws IOException {
        Jdk jdk = Jdk.running();
        Path classes = Cli.javac(dir, Map.of("M.java", "public class M { public static void main(String[] a) {} }",
                "N.java", "public class N { public static void main(String[] a) {} }"));
        write("lib/dep.jar", "not really a jar");
        Path withMain = Cli.jar(dir.resolve("with.jar"), classes,
                Map.of("Main-Class", "M", "Class-Path", "lib/dep.jar lib/missing.jar ../up.jar"));
        JavaApp app = JavaApp.jar(jdk, withMain, "with.jar", null);
        assertEquals(List.of("-jar", "/app/with.jar"), app.launch());
        assertEquals(List.of(new FileMapping(withMain, "/app/with.jar"),
                new FileMapping(dir.resolve("lib/dep.jar"), "/app/lib/dep.jar")), app.files());
        assertEquals(List.of("-cp", "/app/with.jar", "N"), JavaApp.jar(jdk, withMain, "with.jar", "N").launch());

        Path noMain = Cli.jar(dir.resolve("plain.jar"), classes, Map.of());
        String e = assertThrows(EggException.class, () -> JavaApp.jar(jdk, noMain, "plain.jar", null)).getMessage();
        assertEquals("plain.jar (its manifest names no Main-Class) has 2 classes with a main method (M, N);"
                + " choose one with --main CLASS", e);
        assertEquals(List.of("-cp", "/app/plain.jar", "M"), JavaApp.jar(jdk, noMain, "plain.jar", "M").launch());
    }

    @Test
    void classPathLaunch() throws IOException {
        // Not under the @TempDir: --class-path refuses /tmp, which the guest's tmpfs hides.
        Path here = Files.createDirectories(Path.of("target", "class-path-test").toAbsolutePath());
        FileTrees.delete(here);
        Path classes = Cli.javac(here.resolve("c"), Map.of("p/M.java",
                "package p; public class M { public static void main(String[] a) {} }"));
        Path jar = Cli.jar(here.resolve("lib/x.jar"), classes, Map.of());
        String missing = here.resolve("nope").toString();
        JavaApp app = JavaApp.classes(missing + "::" + jar + ":" + classes + ":" + jar, "p.M");
        assertEquals(List.of(new FileMapping(jar, jar.toString()), new FileMapping(classes, classes.toString())),
                app.files(), "each existing entry once, at its own path");
        assertEquals(List.of("-cp", jar + ":" + classes, "p.M"), app.launch());
        assertTrue(assertThrows(EggException.class, () -> JavaApp.classes(classes.toString(), "p.N")).getMessage()
                .contains("no p/N.class for class p.N"));
        assertTrue(assertThrows(EggException.class, () -> JavaApp.classes(classes.toString(), "p/M.class"))
                .getMessage().contains("by its binary name"));
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "cp");
        try {
            assertTrue(assertThrows(EggException.class, () -> JavaApp.classes(tmp.toString(), "p.M")).getMessage()
                    .contains("is under /tmp, which the guest's own /tmp"));
        } finally {
            Files.delete(tmp);
        }
    }

    @Test
    void quarkusFastJarIsItsFolder() throws IOException {
        Path classes = Cli.javac(dir, Map.of("M.java", "public class M { public static void main(String[] a) {} }"));
        Path app = dir.resolve("target/quarkus-app");
        Path run = Cli.jar(app.resolve("quarkus-run.jar"), classes, Map.of("Main-Class", "M", "Class-Path",
                "lib/boot/boot.jar"));
        write("target/quarkus-app/lib/boot/boot.jar", "");
        write("target/quarkus-app/lib/main/dep.jar", "");
        JavaApp plain = JavaApp.jar(Jdk.running(), run, "quarkus-run.jar", null);
        assertEquals(List.of(run, app.resolve("lib/boot/boot.jar")), plain.classPath(), "not yet a fast-jar");
        write("target/quarkus-app/quarkus/quarkus-application.dat", "");
        JavaApp fast = JavaApp.jar(Jdk.running(), run, "quarkus-run.jar", null);
        assertEquals(List.of(new FileMapping(app, "/app")), fast.files());
        assertEquals(List.of("-jar", "/app/quarkus-run.jar"), fast.launch());
    }

    @Test
    void mavenLaunch() throws IOException {
        Jdk jdk = Jdk.running();
        Path classes = Cli.javac(dir, Map.of("M.java", "public class M { public static void main(String[] a) {} }"));
        Path jar = Cli.jar(dir.resolve("target/app-1.0.jar"), classes, Map.of());
        Path dep = write("target/dependency/dep-2.jar", "");
        JavaApp app = JavaApp.maven(jdk, jar, List.of(dep), "proj", null);
        assertEquals(List.of("-cp", "/app/app-1.0.jar:/app/lib/dep-2.jar", "M"), app.launch());
        assertEquals(List.of(jar, dep), app.classPath());
    }

    @Test
    void mavenJars() throws IOException {
        assertTrue(MavenProject.isAppJar("app-1.0.jar"));
        assertFalse(MavenProject.isAppJar("app-1.0-sources.jar"));
        assertFalse(MavenProject.isAppJar("app-1.0-javadoc.jar"));
        assertFalse(MavenProject.isAppJar("app-1.0-tests.jar"));
        assertFalse(MavenProject.isAppJar("original-app-1.0.jar"));
        assertFalse(MavenProject.isAppJar("app.war"));
        Path target = Files.createDirectories(dir.resolve("target"));
        assertTrue(assertThrows(EggException.class, () -> MavenProject.appJar(target, "p")).getMessage()
                .contains("made no jar"));
        Path app = write("target/app-1.0.jar", "");
        write("target/app-1.0-sources.jar", "");
        assertEquals(app, MavenProject.appJar(target, "p"));
        write("target/app-0.9.jar", "");
        assertTrue(assertThrows(EggException.class, () -> MavenProject.appJar(target, "p")).getMessage()
                .contains("several jars (app-0.9.jar, app-1.0.jar)"));
    }

    @Test
    void argv() {
        JavaApp app = new JavaApp(List.of(), List.of("-cp", "/app/classes", "Main"));
        ExecSpec exec = JavaLayout.exec(app, List.of("-Xint", "-Xmx64m"), List.of("a", "-b"), Map.of("LANG", "C",
                "X", "1"));
        assertEquals("/opt/java/bin/java", exec.executable());
        assertEquals("/app", exec.cwd());
        assertEquals(List.of("/opt/java/bin/java", "-Xint", "-Xmx64m", "-cp", "/app/classes", "Main", "a", "-b"),
                exec.argv());
        assertEquals(List.of("PATH", "HOME", "TERM", "LANG", "JAVA_HOME", "X"), List.copyOf(exec.env().keySet()));
        assertEquals("C", exec.env().get("LANG"));
        assertEquals("/opt/java", exec.env().get("JAVA_HOME"));
        assertEquals("/opt/java/bin:/bin:/usr/bin", exec.env().get("PATH"));
    }

    @Test
    void jdepsOutput() {
        assertEquals(Optional.of(List.of("java.base", "java.logging")), Jdeps.parse("java.base,java.logging\n"));
        assertEquals(Optional.of(List.of("java.base")), Jdeps.parse("Warning: split package\njava.base\n"));
        assertEquals(Optional.of(List.of()), Jdeps.parse(""));
        assertEquals(Optional.empty(), Jdeps.parse("Error: something is wrong\n"));
    }

    private Path fakeJdk(String release) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk" + release.hashCode()));
        Files.writeString(home.resolve("release"), release);
        return home;
    }

    @Test
    void jdks() throws IOException {
        Jdk j17 = Jdk.at(fakeJdk("JAVA_VERSION=\"17.0.2\"\nMODULES=\"java.base java.logging\"\n"));
        assertEquals(17, j17.feature());
        assertEquals(new TreeSet<>(List.of("java.base", "java.logging")), j17.modules());
        assertEquals(25, Jdk.at(fakeJdk("JAVA_VERSION=\"25\"\n")).feature());
        assertTrue(assertThrows(EggException.class, () -> Jdk.at(fakeJdk("JAVA_VERSION=\"1.8.0_392\"\n")))
                .getMessage().endsWith("is JDK 8; egg needs JDK 17 or newer"));
        assertTrue(assertThrows(EggException.class, () -> Jdk.at(fakeJdk("IMPLEMENTOR=x\n")))
                .getMessage().contains("no JAVA_VERSION"));
        assertTrue(assertThrows(EggException.class, () -> Jdk.at(dir)).getMessage().contains("not a JDK"));
        assertTrue(assertThrows(EggException.class, () -> Jdk.at(dir.resolve("none"))).getMessage()
                .contains("no such folder"));
        EggException noTool = assertThrows(EggException.class, () -> j17.tool("jlink"));
        assertTrue(noTool.getMessage().contains("has no bin/jlink"), noTool.getMessage());
        assertEquals(Runtime.version().feature(), Jdk.running().feature());
    }

    @Test
    void jlinkOptionsAndCacheKeys() throws IOException {
        Jdk j17 = Jdk.at(fakeJdk("JAVA_VERSION=\"17.0.2\"\n"));
        Jdk j21 = Jdk.at(fakeJdk("JAVA_VERSION=\"21.0.1\"\n"));
        assertEquals(List.of("--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2"),
                Jlink.options(j17));
        assertEquals("--compress=zip-6", Jlink.options(j21).get(3));
        TreeSet<String> base = new TreeSet<>(List.of("java.base"));
        TreeSet<String> more = new TreeSet<>(List.of("java.logging", "java.base"));
        String key = Jlink.key(j17, base, Jlink.options(j17));
        assertEquals(64, key.length());
        assertEquals(key, Jlink.key(j17, new TreeSet<>(List.of("java.base")), Jlink.options(j17)));
        assertNotEquals(key, Jlink.key(j17, more, Jlink.options(j17)));
        assertNotEquals(key, Jlink.key(j17, base, List.of("--compress=0")));
        assertNotEquals(key, Jlink.key(j21, base, Jlink.options(j17)));
        Jdk sameHomeNewRelease = new Jdk(j17.home(), 17, j17.release() + "X=1\n");
        assertNotEquals(key, Jlink.key(sameHomeNewRelease, base, Jlink.options(j17)));
    }

    @Test
    void cacheFolderAndKeys() throws IOException {
        assertEquals(Path.of("/x/cache/egg"), Cache.dir(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/egg"), Cache.dir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/egg"), Cache.dir(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"));

        assertNotEquals(new Cache.Key().add("ab").add("c").hex(), new Cache.Key().add("a").add("bc").hex());
        write("t/a/x.class", "1");
        write("t/b.class", "2");
        String tree = new Cache.Key().addTree(dir.resolve("t")).hex();
        assertEquals(tree, new Cache.Key().addTree(dir.resolve("t")).hex());
        write("t/b.class", "3");
        assertNotEquals(tree, new Cache.Key().addTree(dir.resolve("t")).hex());
    }
}
