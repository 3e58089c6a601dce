package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * egg run's exit status, as docker run's: the program's status passes through unchanged, also
 * 1, 2 and 124 to 127, which egg uses for its own failures; those give their status and one line
 * on stderr, "egg: ...": a missing file 127, a file that is not a program egg can run 126 (and
 * one the kernel refuses, with the kernel's line), a bad option 125, a QEMU that fails 125, a
 * kernel panic 125 (a machine too small to boot).
 */
class ExitStatusTest {
    static final Duration LIMIT = Duration.ofSeconds(EggRun.EGG_TIMEOUT_SECONDS + 45);
    private static Path program;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        program = EggRun.bootableProgram("tests/status/exit_with.c");
        work = EggRun.repoRoot().resolve("tests/target/exit-status");
        Files.createDirectories(work);
    }

    static Proc.Result egg(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "--timeout", Integer.toString(EggRun.EGG_TIMEOUT_SECONDS)));
        cmd.addAll(List.of(args));
        return Proc.run(EggRun.command(cmd), null, env, LIMIT);
    }

    /** egg's lines on stderr: the kernel's own log (with `quiet`, only what went wrong) is not egg's. */
    static List<String> eggLines(Proc.Result r) {
        return r.err().lines().filter(l -> l.startsWith("egg: ")).toList();
    }

    @Test
    void programStatusPassesThrough() throws Exception {
        for (int status : new int[] {0, 1, 2, 124, 125, 126, 127, 255}) {
            Proc.Result r = egg(Map.of(), program.toString(), "--", Integer.toString(status));
            assertEquals(status, r.status(), "exit(" + status + ")\n" + r.err());
            assertEquals("", r.out(), r.err());
            assertEquals(List.of(), eggLines(r), "egg says nothing of a program's own status");
        }
        Proc.Result r = egg(Map.of(), program.toString(), "--", "abort");
        assertEquals(134, r.status(), r.err());
        assertTrue(r.err().lines().anyMatch("Aborted"::equals), "bash's line for SIGABRT\n" + r.err());
    }

    @Test
    void missingFileIs127() throws Exception {
        Path missing = work.resolve("no-such-program");
        Proc.Result r = egg(Map.of(), missing.toString());
        assertEquals(127, r.status(), r.err());
        assertEquals(List.of("egg: " + missing + ": no such file"), r.err().lines().toList());
    }

    @Test
    void notAProgramIs126() throws Exception {
        Path text = Files.writeString(work.resolve("notes.txt"), "not a program\n");
        Proc.Result r = egg(Map.of(), text.toString());
        assertEquals(126, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("egg: " + text + " is not an ELF executable, nor a jar; give"), r.err());
    }

    /**
     * An ELF that egg takes but the kernel refuses (its first PT_LOAD moved into the kernel's half):
     * 126, and the kernel's one line that says why.
     */
    @Test
    void programTheKernelRefusesIs126() throws Exception {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(program)).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = elf.getLong(0x20);
        int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
        int phnum = Short.toUnsignedInt(elf.getShort(0x38));
        int load = 0;
        while (load < phnum && elf.getInt((int) phoff + load * phentsize) != 1) {   // PT_LOAD
            load++;
        }
        assertTrue(load < phnum, "no PT_LOAD in " + program);
        elf.putLong((int) phoff + load * phentsize + 16, 0xffff800000000000L);     // p_vaddr
        Path bad = work.resolve("kernel-half");
        Files.write(bad, elf.array());
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result r = egg(Map.of(), bad.toString());
        assertEquals(126, r.status(), r.err());
        assertEquals(List.of("eggos: cannot run /bin/kernel-half: the kernel cannot load it as a static x86-64"
                + " executable (error 8)"), r.err().lines().toList());
    }

    @Test
    void badOptionIs125() throws Exception {
        Proc.Result r = egg(Map.of(), "--frobnicate", program.toString());
        assertEquals(125, r.status(), r.err());
        assertEquals(List.of("egg: unknown option '--frobnicate'; put the program's own options after --"
                + " (see `egg run --help`)"), r.err().lines().toList());
    }

    /** A QEMU that fails at once (a stand-in first on the PATH): its message, then egg's line. */
    @Test
    void failingQemuIs125() throws Exception {
        Path bin = work.resolve("failing-qemu");
        Files.createDirectories(bin);
        Path qemu = bin.resolve("qemu-system-x86_64");
        Files.writeString(qemu, "#!/bin/sh\necho 'qemu-system-x86_64: cannot start (a stand-in for the test)' >&2\n"
                + "exit 1\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result r = egg(Map.of("PATH", bin + ":" + System.getenv("PATH")), program.toString(), "--", "0");
        assertEquals(125, r.status(), r.err());
        assertTrue(r.err().contains("qemu-system-x86_64: cannot start (a stand-in for the test)\n"), r.err());
        assertEquals(List.of("egg: QEMU exited with status 1 before the program finished"), eggLines(r), r.err());
    }

    /** 8 MiB is too little memory to boot: the kernel panics and says to give --mem more. */
    @Test
    void kernelPanicIs125() throws Exception {
        Proc.Result r = egg(Map.of(), "--mem", "8M", program.toString(), "--", "0");
        assertEquals(125, r.status(), r.err());
        assertTrue(r.err().contains("kernel panic: ") && r.err().contains("(egg run --mem)"), r.err());
        assertEquals(List.of("egg: kernel panic (the kernel says why above)"), eggLines(r), r.err());
    }
}
