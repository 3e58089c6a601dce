package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrariesTest {
    @TempDir
    Path dir;

    private Path put(String relative, DynElf elf) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, elf.build());
    }

    private Libraries resolver() {
        return new Libraries(List.of(dir.resolve("sys32"), dir.resolve("sys")));
    }

    private static List<Path> paths(Libraries.Closure c) {
        return c.libraries().stream().map(Libraries.Library::path).toList();
    }

    @Test
    void hostProgram() {
        Path ls = Path.of("/bin/ls");
        assertTrue(Files.isRegularFile(ls) && Elf.isX8664(ls), "no x86-64 /bin/ls");
        Libraries.Closure c = Libraries.system().resolve(ls, List.of());
        assertEquals(List.of(), c.missing());
        assertTrue(c.interpreter().orElseThrow().endsWith("ld-linux-x86-64.so.2"));
        Libraries.Library libc = c.libraries().stream().filter(l -> l.name().equals("libc.so.6")).findFirst()
                .orElseThrow();
        assertTrue(Libraries.DEFAULT_DIRS.contains(libc.path().getParent()), libc.toString());
        assertEquals(Optional.of("libc.so.6"), libc.soname());
        // ld-linux is the interpreter, loaded already: never a library of its own.
        assertTrue(c.libraries().stream().noneMatch(l -> l.name().startsWith("ld-linux")), c.toString());
    }

    @Test
    void hostJvm() throws IOException {
        Path home = Path.of(System.getProperty("java.home"));
        Path libjvm = home.resolve("lib/server/libjvm.so");
        assertTrue(Files.isRegularFile(libjvm), libjvm + " is missing");
        Libraries.Closure c = Libraries.system().resolve(home.resolve("bin/java"),
                List.of(libjvm, home.resolve("lib/libnio.so")));
        assertEquals(List.of(), c.missing());
        // libjli.so comes from the JDK itself, through bin/java's $ORIGIN/../lib.
        Path jli = c.libraries().stream().filter(l -> l.name().equals("libjli.so")).findFirst().orElseThrow().path();
        assertEquals(home.resolve("lib/libjli.so").toRealPath(), jli.toRealPath());
        assertTrue(c.libraries().stream().anyMatch(l -> l.name().equals("libc.so.6")));
    }

    @Test
    void runpathThenDefaultsPassingOverOtherArchitectures() throws IOException {
        Path exe = put("app/bin/app", new DynElf().interpreter("/lib64/ld.so").needs("liba.so").runpath("$ORIGIN/../lib"));
        put("app/lib/liba.so", new DynElf().soname("liba.so").needs("libb.so.1"));
        put("sys32/libb.so.1", new DynElf().soname("libb.so.1").i386());
        Path b = put("sys/libb.so.1", new DynElf().soname("libb.so.1"));
        Libraries.Closure c = resolver().resolve(exe, List.of());
        assertEquals(Optional.of("/lib64/ld.so"), c.interpreter());
        assertEquals(List.of(dir.resolve("app/lib/liba.so"), b), paths(c));
        assertEquals(List.of(), c.missing());
    }

    @Test
    void rpathOfTheLoaderChainAndTheExecutable() throws IOException {
        // exe (RPATH $ORIGIN/lib) -> liba.so (no paths) -> libc.so, found through exe's RPATH.
        Path exe = put("app/exe", new DynElf().needs("liba.so").rpath("$ORIGIN/lib"));
        put("app/lib/liba.so", new DynElf().needs("libc.so"));
        Path c = put("app/lib/libc.so", new DynElf());
        put("sys/libc.so", new DynElf());
        assertEquals(List.of(dir.resolve("app/lib/liba.so"), c), paths(resolver().resolve(exe, List.of())));

        // A library opened by path searches the executable's RPATH too (as dlopen does).
        Path plugin = put("plugins/p.so", new DynElf().needs("libc.so"));
        Path bare = put("bare/exe", new DynElf().rpath("$ORIGIN/../app/lib"));
        assertEquals(List.of(c), paths(resolver().resolve(bare, List.of(plugin))));
    }

    @Test
    void runpathHidesRpath() throws IOException {
        // With DT_RUNPATH, ld.so ignores the object's DT_RPATH and its loaders' RPATHs.
        Path exe = put("exe", new DynElf().needs("liba.so").rpath(dir.resolve("r").toString())
                .runpath(dir.resolve("u").toString()));
        put("r/liba.so", new DynElf());
        Path u = put("u/liba.so", new DynElf());
        assertEquals(List.of(u), paths(resolver().resolve(exe, List.of())));
    }

    @Test
    void loadedOnceBySoname() throws IOException {
        Path lib = put("rt/lib/libjava.so", new DynElf().soname("libjava.so").needs("libc.so.6"));
        Path net = put("rt/lib/libnet.so", new DynElf().soname("libnet.so").needs("libjava.so", "libc.so.6")
                .runpath("$ORIGIN"));
        Path exe = put("rt/bin/java", new DynElf().interpreter("/lib64/ld-linux-x86-64.so.2")
                .needs("libc.so.6", "ld-linux-x86-64.so.2"));
        Path libc = put("sys/libc.so.6", new DynElf().soname("libc.so.6"));
        Libraries.Closure c = resolver().resolve(exe, List.of(lib, net));
        // libjava.so was opened by path already; ld-linux is the interpreter; libc comes once.
        assertEquals(List.of(libc), paths(c));
    }

    @Test
    void missingLibrariesAreReported() throws IOException {
        Path exe = put("exe", new DynElf().needs("libnope.so", "/abs/libgone.so"));
        Libraries.Closure c = resolver().resolve(exe, List.of());
        assertEquals(List.of(new Libraries.Missing("libnope.so", exe), new Libraries.Missing("/abs/libgone.so", exe)),
                c.missing());
        assertEquals(List.of(), c.libraries());
    }

    @Test
    void damagedLibraryIsAnError() throws IOException {
        Path exe = put("exe", new DynElf().needs("libbad.so"));
        // Its PT_DYNAMIC (the second program header) runs far past the end of the file.
        ByteBuffer b = ByteBuffer.wrap(new DynElf().needs("x").build()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(DynElf.EHDR + DynElf.PHDR + 32, 1L << 40);
        Files.createDirectories(dir.resolve("sys"));
        Files.write(dir.resolve("sys/libbad.so"), b.array());
        EggException e = assertThrows(EggException.class, () -> resolver().resolve(exe, List.of()));
        assertTrue(e.getMessage().contains("libbad.so is a damaged ELF file"), e.getMessage());
    }

    @Test
    void originExpansion() {
        Path lib = Path.of("/opt/java/lib/libnio.so");
        assertEquals(List.of(Path.of("/opt/java/lib"), Path.of("/opt/java/lib/x"), Path.of("/opt/lib"),
                        Path.of("/usr/lib")),
                Libraries.expand(List.of("$ORIGIN", "${ORIGIN}/x", "$ORIGIN/../../lib", "/usr/lib", "relative",
                        "$LIB/x"), lib));
    }
}
