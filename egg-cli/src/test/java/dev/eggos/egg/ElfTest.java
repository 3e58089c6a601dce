package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

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
        assertEquals(ExitCodes.USAGE, e.status());
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
    void missing() {
        EggException e = assertThrows(EggException.class,
                () -> Elf.checkExecutable(dir.resolve("nope"), "nope"));
        assertEquals("nope: no such file", e.getMessage());
    }
}
