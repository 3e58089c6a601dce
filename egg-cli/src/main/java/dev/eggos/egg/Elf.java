package dev.eggos.egg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads ELF files: checks that eggos can run a program (a 64-bit little-endian x86-64
 * executable, statically linked; static-pie is fine), and reads what ld.so reads from a
 * dynamically linked file (its interpreter, {@code DT_NEEDED}, {@code DT_RPATH},
 * {@code DT_RUNPATH}, {@code DT_SONAME}). Never trusts the file: every offset is checked
 * against its size.
 */
public final class Elf {
    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int ET_CORE = 4;
    static final int EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;
    static final int PT_INTERP = 3;
    static final int DT_NULL = 0;
    static final int DT_NEEDED = 1;
    static final int DT_STRTAB = 5;
    static final int DT_STRSZ = 10;
    static final int DT_SONAME = 14;
    static final int DT_RPATH = 15;
    static final int DT_RUNPATH = 29;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_MIN_SIZE = 56;
    private static final int MAX_PHNUM = 4096;
    private static final int DYN_SIZE = 16;
    private static final long MAX_DYNAMIC_SIZE = 1 << 20;
    private static final int MAX_STRING = 4096;

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

    /**
     * What ld.so reads from a file. {@code rpath} and {@code runpath} are the directory lists
     * of {@code DT_RPATH} and {@code DT_RUNPATH}, split at colons, unexpanded ({@code $ORIGIN}
     * stays). A static file has none of them.
     */
    public record Dynamic(Optional<String> interpreter, List<String> needed, List<String> rpath,
                          List<String> runpath, Optional<String> soname) {
        public Dynamic {
            needed = List.copyOf(needed);
            rpath = List.copyOf(rpath);
            runpath = List.copyOf(runpath);
        }
    }

    /** One program header. */
    private record Segment(int type, long offset, long vaddr, long fileSize) {
    }

    /** One entry of the dynamic section. */
    private record DynEntry(long tag, long value) {
    }

    /** The checked ELF header and program headers. */
    private record Headers(int type, long entry, List<Segment> segments) {
    }

    private interface Reader<T> {
        T read(FileChannel ch) throws IOException;
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
        Headers h = open(file, display, ch -> headers(ch, display));
        long loads = h.segments().stream().filter(s -> s.type() == PT_LOAD).count();
        if (h.segments().stream().anyMatch(s -> s.type() == PT_INTERP)) {
            throw EggException.cannotRun(display + " is dynamically linked; eggos runs static executables"
                    + " for now (link with -static)");
        }
        if (loads == 0) {
            throw EggException.cannotRun(display + " has nothing to load: it is not an executable");
        }
        if (h.type() == ET_DYN && h.entry() == 0) {
            throw EggException.cannotRun(display + " is a shared library, not an executable");
        }
        return new Info(h.type(), h.entry(), (int) loads);
    }

    /**
     * Reads the dynamic-linking facts of an x86-64 executable or shared library.
     *
     * @throws EggException when the file is not one, or is damaged
     */
    public static Dynamic dynamic(Path file) {
        String display = file.toString();
        return open(file, display, ch -> dynamic(ch, headers(ch, display), display));
    }

    /**
     * Whether {@code file} is a 64-bit little-endian x86-64 ELF file, the only kind ld.so loads
     * here (it passes over others, such as 32-bit libraries, while it searches). A file that
     * cannot be read is not one.
     */
    public static boolean isX8664(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = read(ch, 0, 20).order(ByteOrder.LITTLE_ENDIAN);
            return h.limit() == 20 && h.getInt(0) == 0x464c457f && h.get(4) == 2 && h.get(5) == 1
                    && h.getShort(18) == EM_X86_64;
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> T open(Path file, String display, Reader<T> reader) {
        if (!Files.exists(file)) {
            throw EggException.notFound(display + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw EggException.cannotRun(display + " is a directory; give the program's executable file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return reader.read(ch);
        } catch (NoSuchFileException e) {
            throw EggException.notFound(display + ": no such file");
        } catch (AccessDeniedException e) {
            throw EggException.cannotRun(display + ": permission denied (cannot read it)");
        } catch (IOException e) {
            throw EggException.cannotRun(display + ": cannot read it: " + e.getMessage());
        }
    }

    private static Headers headers(FileChannel ch, String display) throws IOException {
        long size = ch.size();
        ByteBuffer h = read(ch, 0, (int) Math.min(size, EHDR_SIZE));
        if (h.limit() < 4 || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
            throw EggException.cannotRun(display + " is not an ELF executable");
        }
        if (h.limit() < 16) {
            throw damaged(display, "the ELF header is truncated");
        }
        int elfClass = h.get(4);
        int data = h.get(5);
        if (elfClass == 1) {
            throw EggException.cannotRun(display + " is a 32-bit ELF file; eggos runs 64-bit x86-64 executables");
        }
        if (elfClass != 2) {
            throw damaged(display, "unknown ELF class " + elfClass);
        }
        if (data == 2) {
            throw EggException.cannotRun(display + " is a big-endian ELF file; eggos runs x86-64 executables");
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
            throw EggException.cannotRun(display + " is an ELF file for " + name
                    + ", not x86-64; eggos runs x86-64 executables");
        }
        switch (type) {
            case ET_EXEC, ET_DYN -> { }
            case ET_REL -> throw EggException.cannotRun(display
                    + " is an object file, not an executable; link it (with -static)");
            case ET_CORE -> throw EggException.cannotRun(display + " is a core dump, not an executable");
            default -> throw EggException.cannotRun(display + " is not an ELF executable (ELF type " + type + ")");
        }
        long entry = h.getLong(24);
        long phoff = h.getLong(32);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Short.toUnsignedInt(h.getShort(56));
        if (phnum == 0) {
            throw EggException.cannotRun(display + " has no program headers: it is not an executable");
        }
        if (phnum > MAX_PHNUM || phentsize < PHDR_MIN_SIZE || phoff < 0
                || phoff > size || (long) phnum * phentsize > size - phoff) {
            throw damaged(display, "its program headers lie outside the file");
        }
        ByteBuffer ph = read(ch, phoff, phnum * phentsize).order(ByteOrder.LITTLE_ENDIAN);
        List<Segment> segments = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int base = i * phentsize;
            segments.add(new Segment(ph.getInt(base), ph.getLong(base + 8), ph.getLong(base + 16),
                    ph.getLong(base + 32)));
        }
        return new Headers(type, entry, segments);
    }

    private static Dynamic dynamic(FileChannel ch, Headers h, String display) throws IOException {
        long size = ch.size();
        Optional<String> interpreter = Optional.empty();
        Segment dynamicSegment = null;
        for (Segment s : h.segments()) {
            if (s.type() == PT_INTERP) {
                ByteBuffer b = segment(ch, s, size, MAX_STRING, display, "PT_INTERP");
                interpreter = Optional.of(string(b, 0, display, "PT_INTERP"));
            } else if (s.type() == PT_DYNAMIC) {
                dynamicSegment = s;
            }
        }
        if (dynamicSegment == null) {
            return new Dynamic(interpreter, List.of(), List.of(), List.of(), Optional.empty());
        }
        ByteBuffer dyn = segment(ch, dynamicSegment, size, MAX_DYNAMIC_SIZE, display, "PT_DYNAMIC")
                .order(ByteOrder.LITTLE_ENDIAN);
        long strtab = -1;
        long strsz = -1;
        List<DynEntry> strings = new ArrayList<>(); // the entries whose value is a string
        for (int at = 0; at + DYN_SIZE <= dyn.limit(); at += DYN_SIZE) {
            long tag = dyn.getLong(at);
            long value = dyn.getLong(at + 8);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
                strings.add(new DynEntry(tag, value));
            }
        }
        if (strings.isEmpty()) {
            return new Dynamic(interpreter, List.of(), List.of(), List.of(), Optional.empty());
        }
        if (strtab == -1 || strsz <= 0 || strsz > MAX_DYNAMIC_SIZE) {
            throw damaged(display, "its dynamic section has no usable string table");
        }
        long strtabOffset = fileOffset(h, strtab, strsz, display);
        if (strtabOffset + strsz > size) {
            throw damaged(display, "its string table lies outside the file");
        }
        ByteBuffer table = read(ch, strtabOffset, (int) strsz);
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        Optional<String> soname = Optional.empty();
        for (DynEntry entry : strings) {
            if (entry.value() < 0 || entry.value() >= strsz) {
                throw damaged(display, "a name lies outside its string table");
            }
            String value = string(table, (int) entry.value(), display, "the string table");
            switch ((int) entry.tag()) {
                case DT_NEEDED -> needed.add(value);
                case DT_SONAME -> soname = Optional.of(value);
                case DT_RPATH -> rpath.addAll(pathList(value));
                default -> runpath.addAll(pathList(value));
            }
        }
        return new Dynamic(interpreter, needed, rpath, runpath, soname);
    }

    /** The bytes of a segment (its file part), at most {@code max} of them. */
    private static ByteBuffer segment(FileChannel ch, Segment s, long size, long max, String display, String what)
            throws IOException {
        if (s.offset() < 0 || s.fileSize() < 0 || s.offset() > size || s.fileSize() > size - s.offset()) {
            throw damaged(display, "its " + what + " segment lies outside the file");
        }
        if (s.fileSize() > max) {
            throw damaged(display, "its " + what + " segment is " + s.fileSize() + " bytes long");
        }
        return read(ch, s.offset(), (int) s.fileSize());
    }

    /** The file offset of {@code length} bytes at virtual address {@code vaddr}, which one PT_LOAD must hold. */
    private static long fileOffset(Headers h, long vaddr, long length, String display) {
        for (Segment s : h.segments()) {
            if (s.type() == PT_LOAD && s.fileSize() >= 0 && Long.compareUnsigned(vaddr, s.vaddr()) >= 0
                    && Long.compareUnsigned(vaddr - s.vaddr(), s.fileSize()) < 0
                    && length <= s.fileSize() - (vaddr - s.vaddr())) {
                return s.offset() + (vaddr - s.vaddr());
            }
        }
        throw damaged(display, "its string table is not in a loaded segment");
    }

    /** The NUL-terminated string at {@code at} in {@code b}. */
    private static String string(ByteBuffer b, int at, String display, String what) {
        int end = at;
        int limit = Math.min(b.limit(), at + MAX_STRING);
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        if (end == limit) {
            throw damaged(display, "a name in " + what + " has no end");
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> pathList(String value) {
        return Arrays.stream(value.split(":")).filter(d -> !d.isEmpty()).toList();
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
        return EggException.cannotRun(display + " is a damaged ELF file (" + why + ")");
    }
}
