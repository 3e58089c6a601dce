package dev.eggos.egg;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A JDK's modules as its own image ({@code lib/modules}, read through the jrt file system of that
 * JDK) describes them: which module holds each package, and which modules provide each service.
 *
 * @param packages  package name to module name
 * @param providers service name to the modules that provide it
 */
record JdkModules(Map<String, String> packages, Map<String, SortedSet<String>> providers) {
    JdkModules {
        packages = Map.copyOf(packages);
        providers = Map.copyOf(providers);
    }

    /** Reads the modules of {@code jdk}. */
    static JdkModules of(Jdk jdk) throws IOException {
        Map<String, String> packages = new TreeMap<>();
        Map<String, SortedSet<String>> providers = new TreeMap<>();
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home",
                jdk.home().toString()))) {
            // /packages/P/M links to module M's folder P, also where M has only P's subpackages.
            for (Path pkg : list(jrt.getPath("/packages"))) {
                for (Path module : list(pkg)) {
                    if (hasClasses(jrt.getPath("/modules", name(module), name(pkg).replace('.', '/')))) {
                        packages.put(name(pkg), name(module));
                    }
                }
            }
            for (Path module : list(jrt.getPath("/modules"))) {
                byte[] info = Files.readAllBytes(module.resolve("module-info.class"));
                for (String service : ClassFile.read(info).provides().keySet()) {
                    providers.computeIfAbsent(service, s -> new TreeSet<>()).add(name(module));
                }
            }
        }
        return new JdkModules(packages, providers);
    }

    /**
     * The module that a name found in a program (see {@link ClassFile#names}) reaches: the module of
     * the package it names ({@code java.util.logging}), of the package prefix ({@code
     * com.sun.management.}) or of the class ({@code sun.misc.Unsafe}: its last part must start with
     * a capital, so that a property name like {@code java.awt.headless} does not count).
     */
    Optional<String> moduleOf(String name) {
        if (name.endsWith(".")) {
            return Optional.ofNullable(packages.get(name.substring(0, name.length() - 1)));
        }
        String module = packages.get(name);
        if (module != null) {
            return Optional.of(module);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && Character.isUpperCase(name.charAt(dot + 1))) {
            return Optional.ofNullable(packages.get(name.substring(0, dot)));
        }
        return Optional.empty();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static boolean hasClasses(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.toString().endsWith(".class"));
        }
    }

    private static String name(Path p) {
        String s = p.getFileName().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
