package dev.eggos.egg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small dynamically linked ELF64 files for tests: one PT_LOAD that maps the whole file at
 * address 0, an optional PT_INTERP, and a PT_DYNAMIC whose strings live in a string table in
 * the same file.
 */
final class DynElf {
    static final int EHDR = 64;
    static final int PHDR = 56;

    private String interpreter;
    private final List<String> needed = new ArrayList<>();
    private String soname;
    private String rpath;
    private String runpath;
    private int machine = Elf.EM_X86_64;
    private int elfClass = 2;

    DynElf interpreter(String s) {
        interpreter = s;
        return this;
    }

    DynElf needs(String... names) {
        needed.addAll(List.of(names));
        return this;
    }

    DynElf soname(String s) {
        soname = s;
        return this;
    }

    DynElf rpath(String s) {
        rpath = s;
        return this;
    }

    DynElf runpath(String s) {
        runpath = s;
        return this;
    }

    /** A 32-bit i386 file instead (ld.so passes over it on x86-64). */
    DynElf i386() {
        machine = 3;
        elfClass = 1;
        return this;
    }

    /** Where each part lies, for tests that damage the file. */
    record Layout(int phoff, int interpOffset, int dynOffset, int dynSize, int strtabOffset, int strtabSize) {
    }

    Layout layout;

    byte[] build() {
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        Map<Integer, List<Integer>> names = new LinkedHashMap<>(); // tag -> string offsets
        for (String n : needed) {
            names.computeIfAbsent(Elf.DT_NEEDED, k -> new ArrayList<>()).add(put(strtab, n));
        }
        if (soname != null) {
            names.computeIfAbsent(Elf.DT_SONAME, k -> new ArrayList<>()).add(put(strtab, soname));
        }
        if (rpath != null) {
            names.computeIfAbsent(Elf.DT_RPATH, k -> new ArrayList<>()).add(put(strtab, rpath));
        }
        if (runpath != null) {
            names.computeIfAbsent(Elf.DT_RUNPATH, k -> new ArrayList<>()).add(put(strtab, runpath));
        }
        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        int phnum = interpreter == null ? 2 : 3;
        int phoff = EHDR;
        int interpOffset = phoff + phnum * PHDR;
        int dynOffset = interpOffset + interp.length;
        int entries = names.values().stream().mapToInt(List::size).sum() + 3; // + STRTAB, STRSZ, NULL
        int dynSize = entries * 16;
        int strtabOffset = dynOffset + dynSize;
        byte[] str = strtab.toByteArray();
        int size = strtabOffset + str.length;
        layout = new Layout(phoff, interpOffset, dynOffset, dynSize, strtabOffset, str.length);

        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0});
        b.putShort(16, (short) Elf.ET_DYN);
        b.putShort(18, (short) machine);
        b.putInt(20, 1);
        b.putLong(32, phoff);
        b.putShort(52, (short) EHDR);
        b.putShort(54, (short) PHDR);
        b.putShort(56, (short) phnum);
        int ph = phoff;
        phdr(b, ph, Elf.PT_LOAD, 0, size);
        ph += PHDR;
        if (interpreter != null) {
            phdr(b, ph, Elf.PT_INTERP, interpOffset, interp.length);
            ph += PHDR;
            b.put(interpOffset, interp);
        }
        phdr(b, ph, Elf.PT_DYNAMIC, dynOffset, dynSize);
        int d = dynOffset;
        for (Map.Entry<Integer, List<Integer>> e : names.entrySet()) {
            for (int off : e.getValue()) {
                d = dyn(b, d, e.getKey(), off);
            }
        }
        d = dyn(b, d, Elf.DT_STRTAB, strtabOffset);
        d = dyn(b, d, Elf.DT_STRSZ, str.length);
        dyn(b, d, Elf.DT_NULL, 0);
        b.put(strtabOffset, str);
        return b.array();
    }

    private static int put(ByteArrayOutputStream strtab, String s) {
        int at = strtab.size();
        strtab.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        strtab.write(0);
        return at;
    }

    private static void phdr(ByteBuffer b, int at, int type, long offset, long size) {
        b.putInt(at, type);
        b.putInt(at + 4, 4);
        b.putLong(at + 8, offset);
        b.putLong(at + 16, offset); // vaddr = offset: the PT_LOAD maps the file at 0
        b.putLong(at + 24, offset);
        b.putLong(at + 32, size);
        b.putLong(at + 40, size);
        b.putLong(at + 48, 8);
    }

    private static int dyn(ByteBuffer b, int at, long tag, long value) {
        b.putLong(at, tag);
        b.putLong(at + 8, value);
        return at + 16;
    }
}
