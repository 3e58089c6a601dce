package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A Java program ready for the image: its files (each a host file or folder and its place
 * under {@value #DIR}) and the java launcher's arguments that start it ({@code -cp PATH MAIN}
 * or {@code -jar JAR}).
 *
 * @param launch the launcher's arguments before the program's own
 */
public record JavaApp(List<FileMapping> files, List<String> launch) {
    /** Where the program's files go, and its working directory. */
    public static final String DIR = "/app";

    public JavaApp {
        files = List.copyOf(files);
        launch = List.copyOf(launch);
    }

    /** The host files that hold the program's classes (for jdeps). */
    public List<Path> classPath() {
        return files.stream().map(FileMapping::host).toList();
    }

    /** A folder of .java files, compiled (or taken from the cache: see {@link JavaSources#compile}). */
    public static JavaApp sources(Jdk jdk, Path dir, String display, String chosenMain, Progress progress)
            throws IOException {
        Path classes = JavaSources.compile(jdk, dir, display, progress);
        String main = MainClasses.choose(MainClasses.inDirectory(classes, jdk.feature()), chosenMain, display);
        String guest = DIR + "/classes";
        return new JavaApp(List.of(new FileMapping(classes, guest)), List.of("-cp", guest, main));
    }

    /**
     * A class started from a class path, as {@code java -cp PATH CLASS}: each folder or jar of
     * {@code classPath} (separated by {@code :}) goes in the image at its own absolute host path,
     * so that paths the program reads from its class path or properties name the same files in
     * the guest. Entries that do not exist are left out, as java ignores them; the class must be
     * in one of the others. None may be under /tmp, where the guest mounts an empty tmpfs.
     */
    public static JavaApp classes(String classPath, String mainClass) throws IOException {
        if (mainClass.isEmpty() || mainClass.contains("/") || mainClass.endsWith(".class")
                || mainClass.endsWith(".java")) {
            throw EggException.usage("--class-path: give the class to start as FILE, by its binary name"
                    + " like com.example.Main (not '" + mainClass + "')");
        }
        List<FileMapping> files = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            Path host = Path.of(entry).toAbsolutePath().normalize();
            if (host.startsWith("/tmp") && Files.exists(host)) {
                throw EggException.usage("--class-path: " + host + " is under /tmp, which the guest's own /tmp (an"
                        + " empty tmpfs) hides: put the classes elsewhere");
            }
            if (Files.exists(host) && files.stream().noneMatch(f -> f.host().equals(host))) {
                files.add(new FileMapping(host, host.toString()));
            }
        }
        String resource = mainClass.replace('.', '/') + ".class";
        boolean found = false;
        for (FileMapping f : files) {
            found = found || holds(f.host(), resource);
        }
        if (!found) {
            throw EggException.notFound("--class-path " + classPath + ": no " + resource + " for class " + mainClass
                    + " in its folders and jars");
        }
        String guestPath = String.join(":", files.stream().map(FileMapping::guest).toList());
        return new JavaApp(files, List.of("-cp", guestPath, mainClass));
    }

    /** Whether the folder or jar {@code entry} has the file {@code resource}. */
    private static boolean holds(Path entry, String resource) throws IOException {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(resource));
        }
        try (JarFile j = new JarFile(entry.toFile())) {
            return j.getEntry(resource) != null;
        } catch (java.util.zip.ZipException e) {
            return false; // not a jar: java skips it too
        }
    }

    /**
     * Whether {@code jar} is the launcher of a Quarkus fast-jar, which loads the jars of its folder
     * ({@code lib/main/}, {@code app/}, {@code quarkus/}) through its own index: the whole folder
     * is the program.
     */
    static boolean isQuarkusFastJar(Path jar) {
        return jar.getFileName().toString().equals("quarkus-run.jar")
                && Files.isRegularFile(jar.resolveSibling("quarkus/quarkus-application.dat"));
    }

    /**
     * A jar: run as {@code java -jar} when its manifest names the Main-Class and --main does not;
     * else with {@code -cp} and the main class. The files its manifest's Class-Path names, where
     * they exist, go along at the same places relative to it; all its folder for a Quarkus fast-jar.
     */
    public static JavaApp jar(Jdk jdk, Path jar, String display, String chosenMain) throws IOException {
        String guest = DIR + "/" + jar.getFileName();
        List<FileMapping> files = new ArrayList<>();
        Manifest manifest = manifest(jar);
        if (isQuarkusFastJar(jar)) {
            files.add(new FileMapping(jar.toAbsolutePath().getParent(), DIR));
        } else {
            files.add(new FileMapping(jar, guest));
        }
        for (String entry : isQuarkusFastJar(jar) ? List.<String>of() : classPathOf(manifest)) {
            Path host = jar.toAbsolutePath().getParent().resolve(entry).normalize();
            if (!entry.contains("..") && !entry.startsWith("/") && Files.exists(host)) {
                files.add(new FileMapping(host, DIR + "/" + entry));
            }
        }
        Optional<String> declared = mainClassOf(manifest);
        if (chosenMain == null && declared.isPresent()) {
            return new JavaApp(files, List.of("-jar", guest));
        }
        String main = MainClasses.choose(MainClasses.inJar(jar, jdk.feature()), chosenMain,
                display + (declared.isPresent() ? "" : " (its manifest names no Main-Class)"));
        return new JavaApp(files, List.of("-cp", guest, main));
    }

    /**
     * A Maven project's jar and its runtime dependencies (under {@code lib/}), started with
     * {@code -cp}: the main class is --main, else the jar's Main-Class, else its only main class.
     */
    public static JavaApp maven(Jdk jdk, Path jar, List<Path> dependencies, String display, String chosenMain)
            throws IOException {
        Optional<String> declared = mainClassOf(manifest(jar));
        String main = chosenMain == null && declared.isPresent() ? declared.get()
                : MainClasses.choose(MainClasses.inJar(jar, jdk.feature()), chosenMain, display + "'s "
                        + jar.getFileName());
        List<FileMapping> files = new ArrayList<>();
        files.add(new FileMapping(jar, DIR + "/" + jar.getFileName()));
        for (Path dep : dependencies) {
            files.add(new FileMapping(dep, DIR + "/lib/" + dep.getFileName()));
        }
        String classPath = String.join(":", files.stream().map(FileMapping::guest).toList());
        return new JavaApp(files, List.of("-cp", classPath, main));
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            return m == null ? new Manifest() : m;
        } catch (java.util.zip.ZipException e) {
            throw EggException.cannotRun(jar + " is not a sound jar (" + e.getMessage() + ")");
        }
    }

    static Optional<String> mainClassOf(Manifest m) {
        return Optional.ofNullable(m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                .map(String::trim).filter(s -> !s.isEmpty());
    }

    static List<String> classPathOf(Manifest m) {
        String cp = m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        return cp == null || cp.isBlank() ? List.of() : List.of(cp.trim().split("\\s+"));
    }
}
