package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EggCommandTest {
    @TempDir
    static Path shared;

    static Path hello;

    @BeforeAll
    static void compile() throws Exception {
        hello = Cli.compileStatic(shared, "hello",
                "#include <stdio.h>\nint main(void) { puts(\"hello eggos\"); return 0; }\n");
    }

    private static void assertUsageError(Cli.Result r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("egg: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void helpAndVersion() {
        Cli.Result help = Cli.egg("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("build"));
        assertTrue(help.out().contains("run"));
        assertTrue(help.out().contains("doctor"));
        Cli.Result version = Cli.egg("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("egg 0."), version.out());
        assertEquals(0, Cli.egg("run", "--help").status());
    }

    @Test
    void noCommand() {
        assertUsageError(Cli.egg(), "missing command");
    }

    @Test
    void unknownCommand() {
        assertUsageError(Cli.egg("frobnicate"), "unknown command 'frobnicate'");
    }

    @Test
    void unknownOption() {
        assertUsageError(Cli.egg("build", "--frobnicate", "x"), "unknown option '--frobnicate'");
        assertUsageError(Cli.egg("--frobnicate"), "unknown option '--frobnicate'");
    }

    @Test
    void missingFile() {
        assertUsageError(Cli.egg("build"), "FILE");
        assertUsageError(Cli.egg("run"), "FILE");
    }

    @Test
    void badOptionValues() {
        assertUsageError(Cli.egg("run", "--cpus", "many", "x"), "--cpus");
        assertUsageError(Cli.egg("run", "--accel", "warp", "x"), "--accel");
        assertUsageError(Cli.egg("run", "--machine", "vax", "x"), "--machine");
    }

    @Test
    void badRunValuesAfterFileCheck() {
        assumeTrue(hello != null, "gcc -static is not available");
        assertUsageError(Cli.egg("run", "--mem", "lots", hello.toString()), "--mem lots");
        assertUsageError(Cli.egg("run", "--cpus", "0", hello.toString()), "--cpus 0");
        assertUsageError(Cli.egg("run", "--timeout", "0", hello.toString()), "--timeout 0");
        assertUsageError(Cli.egg("build", "-e", "NOEQUALS", hello.toString()), "KEY=VALUE");
    }

    @Test
    void nonexistentFile(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        assertUsageError(Cli.egg("build", missing), missing + ": no such file");
        assertUsageError(Cli.egg("run", missing), missing + ": no such file");
    }

    @Test
    void notElf(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        assertUsageError(Cli.egg("build", text.toString()), text + " is not an ELF executable");
    }

    @Test
    void directory(@TempDir Path dir) {
        assertUsageError(Cli.egg("build", dir.toString()), "is a directory");
    }

    @Test
    void dynamicallyLinked() {
        Path dynamic = Path.of("/bin/true");
        assumeTrue(Files.isReadable(dynamic));
        assertUsageError(Cli.egg("build", dynamic.toString()),
                "/bin/true is dynamically linked; eggos runs static executables for now (link with -static)");
    }

    @Test
    void buildWritesImage(@TempDir Path dir) throws IOException {
        assumeTrue(hello != null, "gcc -static is not available");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a\n");
        Files.createSymbolicLink(data.resolve("b"), Path.of("a.txt"));
        Path note = Files.writeString(dir.resolve("note.txt"), "note\n");
        Path out = dir.resolve("out");

        Cli.Result r = Cli.egg("build", hello.toString(), "-o", out.toString(),
                "--file", data.toString(), "--file", note + ":/etc/motd",
                "-e", "GREETING=hi there", "-e", "TERM=dumb", "--", "--name", "world");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals(out + "\n", r.out());

        assertArrayEquals(kernelResource(), Files.readAllBytes(out.resolve("kernel.elf")));
        Map<String, Cli.Read> cpio = Cli.readCpio(out.resolve("initramfs.cpio"));
        assertEquals(List.of("bin", "dev", "proc", "sys", "tmp", "etc", "root",
                "etc/passwd", "etc/group", "etc/hostname", "bin/hello", "eggos", "eggos/exec",
                "data", "data/a.txt", "data/b", "etc/motd"), List.copyOf(cpio.keySet()));

        for (Cli.Read e : cpio.values()) {
            assertEquals(CpioConstants.FORMAT_NEW, e.entry().getFormat());
            assertEquals(0, e.entry().getUID());
            assertEquals(0, e.entry().getGID());
            assertEquals(0, e.entry().getTime());
        }
        assertEquals(CpioConstants.C_ISDIR | 01777, cpio.get("tmp").entry().getMode());
        assertEquals(CpioConstants.C_ISDIR | 0755, cpio.get("bin").entry().getMode());
        assertEquals(CpioConstants.C_ISREG | 0755, cpio.get("bin/hello").entry().getMode());
        assertArrayEquals(Files.readAllBytes(hello), cpio.get("bin/hello").data());
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", text(cpio.get("etc/passwd")));
        assertEquals("root:x:0:\n", text(cpio.get("etc/group")));
        assertEquals("eggos\n", text(cpio.get("etc/hostname")));
        assertEquals("a\n", text(cpio.get("data/a.txt")));
        assertEquals(CpioConstants.C_ISLNK | 0777, cpio.get("data/b").entry().getMode());
        assertEquals("a.txt", text(cpio.get("data/b")));
        assertEquals("note\n", text(cpio.get("etc/motd")));

        String exec = "EGGOS1\0/bin/hello\0/\0" + "3\0/bin/hello\0--name\0world\0"
                + "4\0PATH=/bin:/usr/bin\0HOME=/root\0TERM=dumb\0GREETING=hi there\0";
        assertArrayEquals(exec.getBytes(StandardCharsets.UTF_8), cpio.get("eggos/exec").data());
    }

    @Test
    void buildIsReproducible(@TempDir Path dir) throws IOException {
        assumeTrue(hello != null, "gcc -static is not available");
        assertEquals(0, Cli.egg("build", hello.toString(), "-o", dir.resolve("a").toString()).status());
        assertEquals(0, Cli.egg("build", hello.toString(), "-o", dir.resolve("b").toString()).status());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/initramfs.cpio")),
                Files.readAllBytes(dir.resolve("b/initramfs.cpio")));
        Map<String, Cli.Read> cpio = Cli.readCpio(dir.resolve("a/initramfs.cpio"));
        assertEquals("EGGOS1\0/bin/hello\0/\0001\0/bin/hello\0003\0PATH=/bin:/usr/bin\0HOME=/root\0TERM=linux\0",
                text(cpio.get("eggos/exec")));
    }

    @Test
    void defaultOutput() {
        ProgramSpec p = new ProgramSpec(Path.of("/x/y/prog"), "prog", List.of(), List.of(), Map.of());
        assertEquals(Path.of("target", "egg", "prog"), BuildCommand.defaultOutput(p));
    }

    @Test
    void missingFileOption(@TempDir Path dir) {
        assumeTrue(hello != null, "gcc -static is not available");
        assertUsageError(Cli.egg("build", hello.toString(), "-o", dir.toString(), "--file", "/no/such:/x"),
                "--file /no/such:/x: /no/such: no such file or directory");
    }

    @Test
    void doctorReports() {
        Cli.Result r = Cli.egg("doctor");
        assertTrue(r.out().contains("qemu-system-x86_64"), r.out());
        assertTrue(r.out().contains("java"), r.out());
        assertFalse(r.out().isEmpty());
        assertEquals(DoctorCommand.checks().stream().allMatch(DoctorCommand.Check::found) ? 0 : 1, r.status());
    }

    @Test
    void kernelCmdline() {
        assertEquals("quiet", RunCommand.kernelCmdline(null, List.of()));
        assertEquals("quiet trace=syscalls loglevel=7",
                RunCommand.kernelCmdline(RunCommand.Trace.SYSCALLS, List.of("loglevel=7")));
    }

    private static String text(Cli.Read r) {
        return new String(r.data(), StandardCharsets.UTF_8);
    }

    private static byte[] kernelResource() throws IOException {
        try (InputStream in = Kernel.class.getResourceAsStream(Kernel.RESOURCE)) {
            assertNotNull(in, "the kernel resource");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        }
    }
}
