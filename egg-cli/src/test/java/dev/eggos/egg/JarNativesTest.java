package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JarNativesTest {
    @TempDir
    Path dir;

    /** A real glibc shared object, built by gcc, that needs libm (for cbrt). */
    private byte[] gccLibrary() throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve("cube.c"),
                "#include <math.h>\ndouble egg_cube_root(double x) { return cbrt(x); }\n");
        Path so = dir.resolve("libcube.so");
        Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", so.toString(), c.toString(), "-lm")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "gcc failed: " + out);
        return Files.readAllBytes(so);
    }

    /** A jar that carries the libraries of several systems, as sqlite-jdbc's does. */
    private Path nativesJar(String nonce) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\nNonce: " + nonce + "\n").getBytes());
        entries.put("native/Linux/x86_64/libcube.so", gccLibrary());
        entries.put("native/Linux/x86/libcube.so", new DynElf().needs("libm.so.6", "libc.so.6").i386().build());
        entries.put("native/Linux-Musl/x86_64/libcube.so", new DynElf().needs("libc.musl-x86_64.so.1").build());
        entries.put("native/Linux-Android/x86_64/libcube.so", new DynElf().needs("libm.so", "libc.so").build());
        byte[] freebsd = new DynElf().needs("libthr.so.3").build();
        freebsd[7] = 9; // EI_OSABI: ELFOSABI_FREEBSD
        entries.put("native/FreeBSD/x86_64/libcube.so", freebsd);
        entries.put("native/Linux/x86_64/libcube-extra.so", new DynElf().soname("libcube-extra.so")
                .needs("libcube.so", "libegg-absent.so.7", "libc.so.6").build());
        entries.put("cube.txt", "not a library".getBytes());
        return ModulesTest.zip(dir.resolve("cube.jar"), entries);
    }

    @Test
    void findsGlibcX8664LibrariesByContentAndResolvesWhatTheyNeed() throws Exception {
        List<Libraries.Root> roots = JarNatives.scan(List.of(nativesJar("")));
        assertEquals(List.of(Path.of("cube.jar!/native/Linux/x86_64/libcube.so"),
                Path.of("cube.jar!/native/Linux/x86_64/libcube-extra.so")),
                roots.stream().map(Libraries.Root::path).toList());
        assertTrue(roots.get(0).dynamic().needed().contains("libm.so.6"), roots.toString());
        assertEquals(Optional.of("libcube.so"), roots.get(0).dynamic().soname());

        // A static program needs nothing: whatever is resolved comes from the jar's libraries.
        Path exe = Files.write(dir.resolve("exe"), new DynElf().build());
        Libraries.Closure c = Libraries.system().resolve(exe, List.of(), roots);
        List<String> names = c.libraries().stream().map(Libraries.Library::name).toList();
        assertTrue(names.containsAll(List.of("libm.so.6", "libc.so.6")), names.toString());
        // libcube.so comes from the jar itself; only the absent one is missing, named with its jar.
        assertEquals(List.of(new Libraries.Missing("libegg-absent.so.7",
                Path.of("cube.jar!/native/Linux/x86_64/libcube-extra.so"))), c.missing());
    }

    @Test
    void theCachedAnswerIsTheScannedOne() throws Exception {
        Path jar = nativesJar(UUID.randomUUID().toString()); // a new cache key: the first scan reads the jar
        List<Libraries.Root> first = JarNatives.scan(List.of(jar));
        assertEquals(first, JarNatives.scan(List.of(jar)));
        Path plain = ModulesTest.zip(dir.resolve("plain.jar"), Map.of("a.txt", "a".getBytes()));
        assertEquals(List.of(), JarNatives.scan(List.of(plain)));
    }
}
