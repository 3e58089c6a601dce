package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Every jar and folder of classes a program will load, found from its class path (see {@link
 * JavaApp#classPath}): each entry, the jars inside a folder (a Quarkus fast-jar's {@code
 * quarkus-app/lib/**}, a Maven project's {@code lib/}), and the jars nested in a jar, which
 * {@link #expand} copies out to a scratch folder since jdeps reads no jar inside a jar (a Spring
 * Boot executable jar's {@code BOOT-INF/lib/}, a war's {@code WEB-INF/lib/}).
 */
final class ProgramJars {
    /** The folders inside a jar whose jars its launcher loads. */
    static final List<String> NESTED = List.of("BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/");

    private ProgramJars() {
    }

    /** The jars and class folders of {@code classPath}, nested jars copied into {@code scratch}. */
    static List<Path> expand(List<Path> classPath, Path scratch) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : classPath) {
            if (Files.isDirectory(p)) {
                found.add(p);
                found.addAll(jarsUnder(p));
            } else {
                found.add(p);
            }
        }
        List<Path> nested = new ArrayList<>();
        for (Path jar : found) {
            if (!Files.isDirectory(jar)) {
                nested.addAll(extractNested(jar, scratch.resolve(Integer.toString(nested.size()))));
            }
        }
        found.addAll(nested);
        return found;
    }

    /** Copies the jars in {@code jar}'s {@link #NESTED} folders to {@code dir}, and returns them. */
    static List<Path> extractNested(Path jar, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : entries(zip)) {
                String name = e.getName();
                int slash = name.lastIndexOf('/');
                if (!name.endsWith(".jar") || !NESTED.contains(name.substring(0, slash + 1))) {
                    continue;
                }
                Path to = dir.resolve(name.substring(0, slash).replace('/', '-')).resolve(name.substring(slash + 1));
                Files.createDirectories(to.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, to);
                }
                out.add(to);
            }
        } catch (java.util.zip.ZipException e) {
            return List.of(); // not a jar, so none inside: names() says so, as the JVM skips it
        }
        return out;
    }

    /**
     * The names (see {@link ClassFile#names}) of every class in {@code jars} (jars and folders),
     * and the services named by their {@code META-INF/services} files.
     */
    static Set<String> names(List<Path> jars) throws IOException {
        Set<String> sink = new TreeSet<>();
        for (Path p : jars) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        String rel = p.relativize(f).toString();
                        if (rel.endsWith(".class")) {
                            names(rel, Files.readAllBytes(f), sink);
                        }
                    }
                }
                continue;
            }
            try (ZipFile zip = new ZipFile(p.toFile())) {
                for (ZipEntry e : entries(zip)) {
                    String rel = e.getName();
                    if (rel.startsWith("META-INF/services/") && !e.isDirectory()) {
                        sink.add(rel.substring("META-INF/services/".length()));
                    } else if (rel.endsWith(".class")) {
                        try (InputStream in = zip.getInputStream(e)) {
                            names(rel, in.readAllBytes(), sink);
                        }
                    }
                }
            } catch (java.util.zip.ZipException e) {
                throw new IOException(p + " is not a sound jar (" + e.getMessage() + ")", e);
            }
        }
        return sink;
    }

    private static void names(String path, byte[] bytes, Set<String> sink) throws IOException {
        try {
            sink.addAll(ClassFile.read(bytes).names());
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        }
    }

    private static List<ZipEntry> entries(ZipFile zip) {
        List<ZipEntry> list = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            list.add(en.nextElement());
        }
        return list;
    }
}
