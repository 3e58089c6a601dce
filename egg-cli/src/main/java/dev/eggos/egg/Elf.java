package dev.eggos.egg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads the ELF header and program headers of a file and checks that eggos can run it:
 * a 64-bit little-endian x86-64 executable, statically linked (static-pie is fine).
 * Never trusts the file: every offset is checked against its size.
 */
public final class Elf {
    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int ET_CORE = 4;
    static final int EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    static final int PT_INTERP = 3;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_MIN_SIZE = 56;
    private static final int MAX_PHNUM = 4096;

    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(2, "SPARC"), Map.entry(3, "i386 (32-bit x86)"), Map.entry(8, "MIPS"),
            Map.entry(20, "PowerPC"), Map.entry(21, "PowerPC 64"), Map.entry(22, "s390"),
            Map.entry(40, "ARM"), Map.entry(43, "SPARC 64"), Map.entry(62, "x86-64"),
            Map.entry(183, "AArch64 (arm64)"), Map.entry(243, "RISC-V"), Map.entry(258, "LoongArch"));

    /** What egg knows about a checked executable. */
    public record Info(int type, long entry, int loadSegments) {
        /** Position-independent (a static-pie executable). */
        public boolean pie() {
            return type == ET_DYN;
        }
    }

    private Elf() {
    }

    /**
     * Checks that {@code file} is an executable eggos can run.
     *
     * @param display how to name the file in messages (as the user typed it)
     * @throws EggException with a message that says what is wrong and what to do
     */
    public static Info checkExecutable(Path file, String display) {
        if (!Files.exists(file)) {
            throw EggException.usage(display + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw EggException.usage(display + " is a directory; give the program's executable file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return check(ch, display);
        } catch (NoSuchFileException e) {
            throw EggException.usage(display + ": no such file");
        } catch (AccessDeniedException e) {
            throw EggException.usage(display + ": permission denied (cannot read it)");
        } catch (IOException e) {
            throw EggException.usage(display + ": cannot read it: " + e.getMessage());
        }
    }

    private static Info check(FileChannel ch, String display) throws IOException {
        long size = ch.size();
        ByteBuffer h = read(ch, 0, (int) Math.min(size, EHDR_SIZE));
        if (h.limit() < 4 || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
            throw EggException.usage(display + " is not an ELF executable");
        }
        if (h.limit() < 16) {
            throw damaged(display, "the ELF header is truncated");
        }
        int elfClass = h.get(4);
        int data = h.get(5);
        if (elfClass == 1) {
            throw EggException.usage(display + " is a 32-bit ELF file; eggos runs 64-bit x86-64 executables");
        }
        if (elfClass != 2) {
            throw damaged(display, "unknown ELF class " + elfClass);
        }
        if (data == 2) {
            throw EggException.usage(display + " is a big-endian ELF file; eggos runs x86-64 executables");
        }
        if (data != 1) {
            throw damaged(display, "unknown ELF data encoding " + data);
        }
        if (h.limit() < EHDR_SIZE) {
            throw damaged(display, "the ELF header is truncated");
        }
        h.order(ByteOrder.LITTLE_ENDIAN);
        int type = Short.toUnsignedInt(h.getShort(16));
        int machine = Short.toUnsignedInt(h.getShort(18));
        if (machine != EM_X86_64) {
            String name = MACHINES.getOrDefault(machine, "machine " + machine);
            throw EggException.usage(display + " is an ELF file for " + name
                    + ", not x86-64; eggos runs x86-64 executables");
        }
        switch (type) {
            case ET_EXEC, ET_DYN -> { }
            case ET_REL -> throw EggException.usage(display
                    + " is an object file, not an executable; link it (with -static)");
            case ET_CORE -> throw EggException.usage(display + " is a core dump, not an executable");
            default -> throw EggException.usage(display + " is not an ELF executable (ELF type " + type + ")");
        }
        long entry = h.getLong(24);
        long phoff = h.getLong(32);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Short.toUnsignedInt(h.getShort(56));
        if (phnum == 0) {
            throw EggException.usage(display + " has no program headers: it is not an executable");
        }
        if (phnum > MAX_PHNUM || phentsize < PHDR_MIN_SIZE || phoff < 0
                || phoff > size || (long) phnum * phentsize > size - phoff) {
            throw damaged(display, "its program headers lie outside the file");
        }
        ByteBuffer ph = read(ch, phoff, phnum * phentsize).order(ByteOrder.LITTLE_ENDIAN);
        int loads = 0;
        boolean dynamic = false;
        for (int i = 0; i < phnum; i++) {
            int base = i * phentsize;
            int ptype = ph.getInt(base);
            if (ptype == PT_LOAD) {
                loads++;
            } else if (ptype == PT_INTERP) {
                dynamic = true;
            }
        }
        if (dynamic) {
            throw EggException.usage(display + " is dynamically linked; eggos runs static executables"
                    + " for now (link with -static)");
        }
        if (loads == 0) {
            throw EggException.usage(display + " has nothing to load: it is not an executable");
        }
        if (type == ET_DYN && entry == 0) {
            throw EggException.usage(display + " is a shared library, not an executable");
        }
        return new Info(type, entry, loads);
    }

    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        b.flip();
        return b;
    }

    private static EggException damaged(String display, String why) {
        return EggException.usage(display + " is a damaged ELF file (" + why + ")");
    }
}
