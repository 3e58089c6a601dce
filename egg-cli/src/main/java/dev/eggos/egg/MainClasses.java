package dev.eggos.egg;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the classes a Java program can start from, by reading class files: those with a
 * {@code public static void main(String[])}. From JDK 25 on, the java launcher also starts a
 * class whose {@code main} is an instance method or takes no arguments (JEP 512), so for such a
 * JDK any non-private {@code void main(String[])} or {@code void main()} counts.
 */
public final class MainClasses {
    private static final int MAGIC = 0xCAFEBABE;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_MODULE = 0x8000;
    private static final String MAIN_ARGS = "([Ljava/lang/String;)V";
    private static final String MAIN_NO_ARGS = "()V";
    /** The first JDK whose launcher takes instance and no-argument main methods. */
    static final int INSTANCE_MAIN_FEATURE = 25;

    private MainClasses() {
    }

    /**
     * The binary name ({@code a.b.C$D}) of the class in {@code classFile} if it has a main
     * method the launcher of JDK {@code feature} starts; empty if not, or if the bytes are not
     * a sound class file.
     */
    public static Optional<String> mainOf(byte[] classFile, int feature) {
        try {
            return mainOf(new DataInputStream(new ByteArrayInputStream(classFile)), feature);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> mainOf(DataInputStream in, int feature) throws IOException {
        if (in.readInt() != MAGIC) {
            return Optional.empty();
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        int access = in.readUnsignedShort();
        int thisClass = in.readUnsignedShort();
        if ((access & ACC_MODULE) != 0 || thisClass <= 0 || thisClass >= count || classNames[thisClass] == 0) {
            return Optional.empty();
        }
        String name = utf8[classNames[thisClass]];
        in.readUnsignedShort(); // super class
        skip(in, in.readUnsignedShort() * 2L); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            int flags = in.readUnsignedShort();
            String method = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            skipAttributes(in);
            if ("main".equals(method) && isLaunchable(flags, descriptor, feature)) {
                return Optional.ofNullable(name).map(n -> n.replace('/', '.'));
            }
        }
        return Optional.empty();
    }

    private static boolean isLaunchable(int flags, String descriptor, int feature) {
        if (feature >= INSTANCE_MAIN_FEATURE) {
            return (flags & ACC_PRIVATE) == 0 && (MAIN_ARGS.equals(descriptor) || MAIN_NO_ARGS.equals(descriptor));
        }
        return (flags & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC) && MAIN_ARGS.equals(descriptor);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            skip(in, Integer.toUnsignedLong(in.readInt()));
        }
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        if (in.skip(n) != n) {
            throw new IOException("truncated class file");
        }
    }

    /** The main classes under a folder of class files, sorted. */
    public static List<String> inDirectory(Path classes, int feature) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".class")).sorted().toList()) {
                mainOf(Files.readAllBytes(p), feature).ifPresent(found::add);
            }
        }
        return found.stream().sorted().toList();
    }

    /** The main classes in a jar, sorted (not those under META-INF, such as versioned copies). */
    public static List<String> inJar(Path jar, int feature) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = j.getInputStream(entry)) {
                        mainOf(in.readAllBytes(), feature).ifPresent(found::add);
                    }
                }
            }
        }
        return found.stream().sorted().toList();
    }

    /**
     * The class to start: {@code chosen} (from --main) when it is one of {@code candidates},
     * else the only candidate.
     *
     * @param where what was searched, for messages (like "examples/helloworld")
     */
    public static String choose(List<String> candidates, String chosen, String where) {
        if (chosen != null) {
            if (candidates.contains(chosen)) {
                return chosen;
            }
            throw EggException.usage("--main " + chosen + ": " + where + " has no class " + chosen
                    + " with a main method" + listing(candidates));
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw EggException.cannotRun(where + " has no class with a public static void main(String[] args):"
                    + " nothing to run");
        }
        throw EggException.usage(where + " has " + candidates.size() + " classes with a main method ("
                + String.join(", ", candidates) + "); choose one with --main CLASS");
    }

    private static String listing(List<String> candidates) {
        return candidates.isEmpty() ? " (it has none)" : " (these have one: " + String.join(", ", candidates) + ")";
    }
}
