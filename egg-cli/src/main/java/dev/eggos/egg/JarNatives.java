package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The native libraries that a program's jars carry (sqlite-jdbc, netty's epoll transport and
 * tcnative, JNA, lz4, snappy, zstd, RocksDB...): the program copies one out to a file and
 * {@code System.load}s it, so the guest's ld.so must find what it needs in the image.
 *
 * <p>A library is found by its content, not its name: an x86-64 ELF64 shared object ({@code
 * ET_DYN}) for Linux. Jars also carry builds for other systems (macOS, Windows, FreeBSD, arm,
 * 32-bit x86), which that test passes over, and x86-64 Linux builds for other C libraries, which
 * are left out too: a musl build needs {@code libc.musl-x86_64.so.1} and an Android one bionic's {@code libc.so},
 * which the image's glibc cannot meet (the program, as on a glibc host, picks its glibc build).
 */
final class JarNatives {
    /** glibc's C library, the one the image has. */
    static final String GLIBC = "libc.so.6";
    /** Bumped when the scan changes, so that cached answers of the old one are not used. */
    private static final String ANALYSIS = "jar-natives-v2";
    private static final int EHDR_SIZE = 64;
    private static final int ELFOSABI_SYSV = 0;
    private static final int ELFOSABI_GNU = 3;

    private JarNatives() {
    }

    /**
     * The glibc x86-64 shared objects in {@code jars} (jars and folders), as roots for {@link
     * Libraries#resolve(Path, List, List)}: each named JAR!/ENTRY, with what it needs (its
     * {@code DT_NEEDED}) and, as its soname, its {@code DT_SONAME} or else its file name, so that
     * a library of the same jar that needs it is not looked for on the host. Its {@code DT_RPATH}
     * and {@code DT_RUNPATH} are dropped: {@code $ORIGIN} is the folder the program copies it to,
     * which holds nothing egg could add. Cached as {@code natives/KEY} in egg's {@link Cache}
     * (KEY: the SHA-256 of the jars' contents).
     */
    static List<Libraries.Root> scan(List<Path> jars) throws IOException {
        Cache.Key key = new Cache.Key().add(ANALYSIS);
        for (Path p : jars) {
            key.add(p.getFileName().toString()).addTree(p);
        }
        String hex = key.hex();
        Optional<String> cached = Cache.read("natives", hex);
        if (cached.isPresent()) {
            return decode(cached.get());
        }
        List<Libraries.Root> found = new ArrayList<>();
        Path scratch = Files.createTempDirectory("egg-natives");
        try {
            for (Path p : jars) {
                found.addAll(Files.isDirectory(p) ? scanFolder(p) : scanJar(p, scratch));
            }
        } finally {
            FileTrees.delete(scratch);
        }
        Cache.write("natives", hex, encode(found));
        return found;
    }

    private static List<Libraries.Root> scanJar(Path jar, Path scratch) throws IOException {
        List<Libraries.Root> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory() || e.getName().endsWith(".class") || !sharedObject(head(zip, e))) {
                    continue;
                }
                Path copy = scratch.resolve(Integer.toString(found.size()));
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, copy);
                }
                root(jar.getFileName() + "!/" + e.getName(), copy).ifPresent(found::add);
                Files.delete(copy);
            }
        } catch (ZipException e) {
            return List.of(); // not a jar: the JVM skips it, as the module scan says
        }
        return found;
    }

    private static List<Libraries.Root> scanFolder(Path dir) throws IOException {
        List<Libraries.Root> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                byte[] head;
                try (InputStream in = Files.newInputStream(f)) {
                    head = in.readNBytes(EHDR_SIZE);
                }
                if (sharedObject(head)) {
                    root(f.toString(), f).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    private static byte[] head(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readNBytes(EHDR_SIZE);
        }
    }

    /**
     * Whether {@code head} starts an ELF64 little-endian x86-64 shared object for Linux: its
     * {@code EI_OSABI} one that glibc's ld.so loads, System V or GNU (a FreeBSD build is x86-64 too).
     */
    static boolean sharedObject(byte[] head) {
        if (head.length < EHDR_SIZE) {
            return false;
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        return h.getInt(0) == 0x464c457f && h.get(4) == 2 && h.get(5) == 1
                && (h.get(7) == ELFOSABI_SYSV || h.get(7) == ELFOSABI_GNU)
                && h.getShort(16) == Elf.ET_DYN && h.getShort(18) == Elf.EM_X86_64;
    }

    /** The root for the shared object copied to {@code file}; none for one built for another C library. */
    private static Optional<Libraries.Root> root(String name, Path file) {
        Elf.Dynamic d;
        try {
            d = Elf.dynamic(file);
        } catch (EggException e) {
            return Optional.empty(); // damaged: ld.so would refuse it on the host too
        }
        if (d.needed().stream().anyMatch(n -> n.startsWith("libc.") && !n.equals(GLIBC))) {
            return Optional.empty();
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        return Optional.of(new Libraries.Root(Path.of(name), new Elf.Dynamic(Optional.empty(), d.needed(),
                List.of(), List.of(), Optional.of(d.soname().orElse(base)))));
    }

    /** One line a root: its name, a tab, its soname, a tab, its needed names joined by commas. */
    private static String encode(List<Libraries.Root> roots) {
        StringBuilder b = new StringBuilder();
        for (Libraries.Root r : roots) {
            b.append(r.path()).append('\t').append(r.dynamic().soname().orElseThrow()).append('\t')
                    .append(String.join(",", r.dynamic().needed())).append('\n');
        }
        return b.toString();
    }

    private static List<Libraries.Root> decode(String text) {
        List<Libraries.Root> roots = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] f = line.split("\t", -1);
            List<String> needed = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(","));
            roots.add(new Libraries.Root(Path.of(f[0]), new Elf.Dynamic(Optional.empty(), needed, List.of(),
                    List.of(), Optional.of(f[1]))));
        }
        return roots;
    }
}
