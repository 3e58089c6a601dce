package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A bad command line: status 125, as docker run's. */
    private static void assertUsageError(Cli.Result r, String expected) {
        assertError(ExitCodes.FAILED, r, expected);
    }

    /** egg's own failure: the status, and one line on stderr that says it. */
    private static void assertError(int status, Cli.Result r, String expected) {
        assertEquals(status, r.status(), r.err());
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

    /** `egg --help` and `egg run --help` end with egg's exit statuses; the README shows the same lines. */
    @Test
    void exitStatusesAreDocumented() throws IOException {
        String block = String.join("\n", ExitCodes.HELP);
        String egg = Cli.egg("--help").out();
        assertTrue(egg.contains("\n\n" + block + "\n"), egg);
        String run = Cli.egg("run", "--help").out();
        assertTrue(run.contains("\n\n" + block + "\n"), run);
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("```\n" + block + "\n```\n"), "README.md's egg section lists ExitCodes.HELP");
    }

    @Test
    void noCommand() {
        assertUsageError(Cli.egg(), "missing command");
    }

    @Test
    void jvmOptionNamedLikeAnEggOption() {
        picocli.CommandLine cl = Egg.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        picocli.CommandLine.ParseResult r = cl.parseArgs("run", "--jvm-opt=--add-modules", "--jvm-opt",
                "--add-opens", "--jvm-opt=java.sql", "x");
        RunCommand run = (RunCommand) r.subcommand().commandSpec().userObject();
        assertEquals(List.of("--add-modules", "--add-opens", "java.sql"), run.image.java.jvmOptions);
        assertTrue(run.image.java.addModules.isEmpty());
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
        assertNotNull(hello, "gcc -static failed: sudo apt-get install -y gcc libc6-dev");
        assertUsageError(Cli.egg("run", "--mem", "lots", hello.toString()), "--mem lots");
        assertUsageError(Cli.egg("run", "--cpus", "0", hello.toString()), "--cpus 0");
        assertUsageError(Cli.egg("run", "--timeout", "0", hello.toString()), "--timeout 0");
        assertUsageError(Cli.egg("build", "-e", "NOEQUALS", hello.toString()), "KEY=VALUE");
    }

    @Test
    void nonexistentFile(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        assertError(ExitCodes.NOT_FOUND, Cli.egg("build", missing), missing + ": no such file");
        assertError(ExitCodes.NOT_FOUND, Cli.egg("run", missing), missing + ": no such file");
    }

    @Test
    void notElf(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        assertError(ExitCodes.CANNOT_RUN, Cli.egg("build", text.toString()),
                text + " is not an ELF executable, nor a jar");
    }

    @Test
    void directory(@TempDir Path dir) {
        assertError(ExitCodes.CANNOT_RUN, Cli.egg("build", dir.toString()),
                dir + " is a directory with no .java files and no pom.xml");
    }

    @Test
    void dynamicallyLinked() {
        Path dynamic = Path.of("/bin/true");
        assertTrue(Files.isReadable(dynamic), dynamic + " is missing");
        assertError(ExitCodes.CANNOT_RUN, Cli.egg("build", dynamic.toString()),
                "/bin/true is dynamically linked; eggos runs static executables for now (link with -static)");
    }

    @Test
    void buildWritesImage(@TempDir Path dir) throws IOException {
        assertNotNull(hello, "gcc -static failed: sudo apt-get install -y gcc libc6-dev");
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
                "etc/passwd", "etc/group", "etc/hostname", "etc/nsswitch.conf", "etc/hosts", "etc/resolv.conf",
                "bin/hello", "eggos",
                "eggos/exec",
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
        assertEquals(CpioConstants.C_ISLNK | 0777, cpio.get("etc/resolv.conf").entry().getMode());
        assertEquals("/proc/net/pnp", text(cpio.get("etc/resolv.conf")));
        assertEquals("a\n", text(cpio.get("data/a.txt")));
        assertEquals(CpioConstants.C_ISLNK | 0777, cpio.get("data/b").entry().getMode());
        assertEquals("a.txt", text(cpio.get("data/b")));
        assertEquals("note\n", text(cpio.get("etc/motd")));

        String exec = "EGGOS1\0/bin/hello\0/\0" + "3\0/bin/hello\0--name\0world\0"
                + "4\0PATH=/bin:/usr/bin\0HOME=/root\0TERM=dumb\0GREETING=hi there\0";
        assertArrayEquals(exec.getBytes(StandardCharsets.UTF_8), cpio.get("eggos/exec").data());
    }

    @Test
    void buildJavaSources(@TempDir Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("app/src/demo"));
        Files.writeString(src.resolve("Main.java"), "package demo; public class Main {"
                + " public static void main(String[] a) { System.out.println(\"hi\"); } }");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.egg("build", dir.resolve("app").toString(), "-o", out.toString(), "-q",
                "--jvm-opt=-Xint", "-e", "LANG=C", "--", "x");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        Map<String, Cli.Read> cpio = Cli.readCpio(out.resolve("initramfs.cpio"));
        for (String path : List.of("opt/java/bin/java", "opt/java/lib/libjli.so", "opt/java/lib/server/libjvm.so",
                "opt/java/lib/modules", "lib64/ld-linux-x86-64.so.2", "etc/nsswitch.conf", "etc/hosts",
                "app/classes/demo/Main.class")) {
            assertTrue(cpio.containsKey(path), path + " is missing: " + cpio.keySet());
        }
        assertTrue(cpio.keySet().stream().anyMatch(p -> p.endsWith("/libc.so.6")), cpio.keySet().toString());
        assertEquals(CpioConstants.C_ISREG | 0755, cpio.get("opt/java/bin/java").entry().getMode());
        assertEquals("passwd: files\ngroup: files\nhosts: files dns\n", text(cpio.get("etc/nsswitch.conf")));
        assertEquals("EGGOS1\0/opt/java/bin/java\0/app\0" + "6\0/opt/java/bin/java\0-Xint\0-cp\0/app/classes\0"
                + "demo.Main\0x\0" + "5\0PATH=/opt/java/bin:/bin:/usr/bin\0HOME=/root\0TERM=linux\0LANG=C\0"
                + "JAVA_HOME=/opt/java\0", text(cpio.get("eggos/exec")));

        // A second build takes the runtime, the classes and jdeps's answer from the cache.
        Cli.Result again = Cli.egg("build", dir.resolve("app").toString(), "-o", out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().matches("egg: image [0-9]+ MB\n"), again.err());
    }

    @Test
    void javaProgramErrors(@TempDir Path dir) throws IOException {
        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("A.java"), "public class A { public static void main(String[] a) { } }");
        Files.writeString(two.resolve("B.java"), "public class B { public static void main(String[] a) { } }");
        assertUsageError(Cli.egg("build", "-q", two.toString(), "-o", dir.resolve("out").toString()),
                two + " has 2 classes with a main method (A, B); choose one with --main CLASS");
        assertUsageError(Cli.egg("build", two.toString(), "--jdk", dir.resolve("nojdk").toString()),
                dir.resolve("nojdk") + ": no such folder");
        assertUsageError(Cli.egg("build", "-q", two.toString(), "--add-modules", "no.such.module"),
                "--add-modules no.such.module: the JDK at");
        Files.writeString(two.resolve("B.java"), "public class B { syntax error }");
        Cli.Result r = Cli.egg("build", two.toString(), "-o", dir.resolve("out").toString());
        assertEquals(ExitCodes.FAILED, r.status());
        assertTrue(r.err().contains("B.java:1: error:"), r.err());
        assertTrue(r.err().lines().reduce((a, b) -> b).orElseThrow().startsWith("egg: javac failed (status 1"),
                r.err());
    }

    @Test
    void javaOptionsAreForJavaPrograms() {
        assertNotNull(hello, "gcc -static failed: sudo apt-get install -y gcc libc6-dev");
        assertUsageError(Cli.egg("build", hello.toString(), "--jvm-opt=-Xint", "--main", "X"),
                "--jvm-opt, --main: only for Java programs, and " + hello + " is an executable");
    }

    @Test
    void buildIsReproducible(@TempDir Path dir) throws IOException {
        assertNotNull(hello, "gcc -static failed: sudo apt-get install -y gcc libc6-dev");
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
        assertEquals(Path.of("target", "egg", "prog"), BuildCommand.defaultOutput("prog"));
    }

    @Test
    void missingFileOption(@TempDir Path dir) {
        assertNotNull(hello, "gcc -static failed: sudo apt-get install -y gcc libc6-dev");
        assertError(ExitCodes.NOT_FOUND,
                Cli.egg("build", hello.toString(), "-o", dir.toString(), "--file", "/no/such:/x"),
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
