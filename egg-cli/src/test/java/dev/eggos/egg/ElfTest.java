package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ElfTest {
    @TempDir
    Path dir;

    /** A minimal ELF64 file: header, then program headers of the given types. */
    static byte[] elf(int elfClass, int data, int type, int machine, long entry, int... phdrTypes) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 * phdrTypes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1, 0});
        b.position(16);
        b.putShort((short) type);
        b.putShort((short) machine);
        b.putInt(1);
        b.putLong(entry);
        b.putLong(64);          // e_phoff
        b.putLong(0);           // e_shoff
        b.putInt(0);            // e_flags
        b.putShort((short) 64); // e_ehsize
        b.putShort((short) 56); // e_phentsize
        b.putShort((short) phdrTypes.length);
        for (int i = 0; i < phdrTypes.length; i++) {
            b.putInt(64 + 56 * i, phdrTypes[i]);
        }
        return b.array();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("prog"), bytes);
    }

    private String error(byte[] bytes) throws IOException {
        Path p = write(bytes);
        EggException e = assertThrows(EggException.class, () -> Elf.checkExecutable(p, "prog"));
        assertEquals(ExitCodes.CANNOT_RUN, e.status());
        return e.getMessage();
    }

    @Test
    void staticExecutable() throws IOException {
        Elf.Info info = Elf.checkExecutable(write(elf(2, 1, Elf.ET_EXEC, 62, 0x401000, 6, 1, 1)), "prog");
        assertEquals(2, info.loadSegments());
        assertEquals(0x401000, info.entry());
    }

    @Test
    void staticPie() throws IOException {
        Elf.Info info = Elf.checkExecutable(write(elf(2, 1, Elf.ET_DYN, 62, 0x1040, 1, 2)), "prog");
        assertTrue(info.pie());
    }

    @Test
    void dynamic() throws IOException {
        assertEquals("prog is dynamically linked; eggos runs static executables for now (link with -static)",
                error(elf(2, 1, Elf.ET_DYN, 62, 0x1040, 6, 3, 1)));
    }

    @Test
    void notElf() throws IOException {
        assertEquals("prog is not an ELF executable", error("#!/bin/sh\n".getBytes()));
        assertEquals("prog is not an ELF executable", error(new byte[0]));
        assertEquals("prog is not an ELF executable", error(new byte[] {0x7f, 'E'}));
    }

    @Test
    void wrongKinds() throws IOException {
        assertTrue(error(elf(1, 1, Elf.ET_EXEC, 3, 0, 1)).contains("32-bit"));
        assertTrue(error(elf(2, 2, Elf.ET_EXEC, 62, 0, 1)).contains("big-endian"));
        assertTrue(error(elf(2, 1, Elf.ET_EXEC, 183, 0, 1)).contains("AArch64"));
        assertTrue(error(elf(2, 1, Elf.ET_EXEC, 999, 0, 1)).contains("machine 999"));
        assertTrue(error(elf(2, 1, Elf.ET_REL, 62, 0)).contains("object file"));
        assertTrue(error(elf(2, 1, Elf.ET_CORE, 62, 0, 4)).contains("core dump"));
        assertTrue(error(elf(2, 1, Elf.ET_DYN, 62, 0, 1, 2)).contains("shared library"));
        assertTrue(error(elf(2, 1, Elf.ET_EXEC, 62, 0x401000)).contains("no program headers"));
        assertTrue(error(elf(2, 1, Elf.ET_EXEC, 62, 0x401000, 6)).contains("nothing to load"));
    }

    @Test
    void damaged() throws IOException {
        byte[] full = elf(2, 1, Elf.ET_EXEC, 62, 0x401000, 1, 1);
        byte[] cut = java.util.Arrays.copyOf(full, 64 + 56);
        assertTrue(error(cut).contains("damaged"));
        assertTrue(error(java.util.Arrays.copyOf(full, 40)).contains("truncated"));
        ByteBuffer b = ByteBuffer.wrap(full.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(32, Long.MAX_VALUE);
        assertTrue(error(b.array()).contains("damaged"));
        b.putLong(32, -8);
        assertTrue(error(b.array()).contains("damaged"));
        b.putLong(32, 64);
        b.putShort(54, (short) 8);
        assertTrue(error(b.array()).contains("damaged"));
    }

    @Test
    void dynamicSection() throws IOException {
        Path p = write(new DynElf().interpreter("/lib64/ld-linux-x86-64.so.2").needs("libz.so.1", "libc.so.6")
                .soname("libx.so.1").rpath("$ORIGIN:$ORIGIN/../lib").runpath("/opt/a::/opt/b").build());
        Elf.Dynamic d = Elf.dynamic(p);
        assertEquals(Optional.of("/lib64/ld-linux-x86-64.so.2"), d.interpreter());
        assertEquals(List.of("libz.so.1", "libc.so.6"), d.needed());
        assertEquals(Optional.of("libx.so.1"), d.soname());
        assertEquals(List.of("$ORIGIN", "$ORIGIN/../lib"), d.rpath());
        assertEquals(List.of("/opt/a", "/opt/b"), d.runpath());
        assertTrue(Elf.isX8664(p));
    }

    @Test
    void staticFileHasNoDynamicSection() throws IOException {
        Elf.Dynamic d = Elf.dynamic(write(elf(2, 1, Elf.ET_EXEC, 62, 0x401000, 1)));
        assertEquals(new Elf.Dynamic(Optional.empty(), List.of(), List.of(), List.of(), Optional.empty()), d);
    }

    @Test
    void hostFiles() {
        Path ls = Path.of("/bin/ls");
        assertTrue(Files.isRegularFile(ls) && Elf.isX8664(ls), "no x86-64 /bin/ls");
        Elf.Dynamic d = Elf.dynamic(ls);
        assertTrue(d.interpreter().orElseThrow().endsWith("ld-linux-x86-64.so.2"), d.toString());
        assertTrue(d.needed().contains("libc.so.6"), d.toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertTrue(Elf.dynamic(java).rpath().contains("$ORIGIN/../lib")
                || Elf.dynamic(java).runpath().contains("$ORIGIN/../lib"), Elf.dynamic(java).toString());
        assertFalse(Elf.isX8664(Path.of("/etc/passwd")));
        assertFalse(Elf.isX8664(dir.resolve("missing")));
    }

    @Test
    void wrongArchitectureIsNotLoadable() throws IOException {
        assertFalse(Elf.isX8664(write(new DynElf().needs("libc.so.6").i386().build())));
        assertFalse(Elf.isX8664(write(new byte[] {0x7f, 'E', 'L', 'F'})));
    }

    /** Damages a copy of a good file and checks that reading it fails with a clear message. */
    private String dynamicError(java.util.function.Consumer<ByteBuffer> damage) throws IOException {
        DynElf builder = new DynElf().interpreter("/lib64/ld.so").needs("liba.so").soname("libb.so");
        byte[] bytes = builder.build();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        damage.accept(b);
        Path p = write(b.array());
        EggException e = assertThrows(EggException.class, () -> Elf.dynamic(p));
        return e.getMessage();
    }

    @Test
    void damagedDynamicSections() throws IOException {
        DynElf.Layout l = layout();
        int dynPhdr = l.phoff() + 2 * DynElf.PHDR;
        int interpPhdr = l.phoff() + DynElf.PHDR;
        // PT_DYNAMIC past the end of the file.
        assertTrue(dynamicError(b -> b.putLong(dynPhdr + 8, 1L << 40)).contains("PT_DYNAMIC segment lies outside"));
        assertTrue(dynamicError(b -> b.putLong(dynPhdr + 32, -16)).contains("outside the file"));
        // PT_INTERP without its NUL.
        assertTrue(dynamicError(b -> b.put(l.interpOffset() + "/lib64/ld.so".length(), (byte) 'x'))
                .contains("has no end"));
        // DT_STRTAB pointing outside every PT_LOAD.
        assertTrue(dynamicError(b -> b.putLong(l.dynOffset() + 2 * 16 + 8, 1L << 30))
                .contains("not in a loaded segment"));
        // DT_STRSZ too large for the file.
        assertTrue(dynamicError(b -> b.putLong(l.dynOffset() + 3 * 16 + 8, 1L << 19)).contains("string table"));
        // A DT_NEEDED offset past the string table.
        assertTrue(dynamicError(b -> b.putLong(l.dynOffset() + 8, 1 << 10)).contains("outside its string table"));
        // The last name without its NUL.
        assertTrue(dynamicError(b -> b.put(l.strtabOffset() + l.strtabSize() - 1, (byte) 'x'))
                .contains("has no end"));
        // No string table at all.
        assertTrue(dynamicError(b -> b.putLong(l.dynOffset() + 2 * 16, 0x6fff0000L))
                .contains("no usable string table"));
        // Program headers that are not all there.
        assertTrue(dynamicError(b -> b.putShort(56, (short) 4000)).contains("damaged"));
        assertTrue(dynamicError(b -> b.putLong(interpPhdr + 8, -1)).contains("PT_INTERP"));
    }

    private static DynElf.Layout layout() {
        DynElf builder = new DynElf().interpreter("/lib64/ld.so").needs("liba.so").soname("libb.so");
        builder.build();
        return builder.layout;
    }

    @Test
    void missing() {
        EggException e = assertThrows(EggException.class,
                () -> Elf.checkExecutable(dir.resolve("nope"), "nope"));
        assertEquals("nope: no such file", e.getMessage());
    }
}
