package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {
    @TempDir
    Path dir;

    @Test
    void normalize() {
        assertEquals("/", Image.normalize("/"));
        assertEquals("/", Image.normalize("//./"));
        assertEquals("/a/b", Image.normalize("/a//./b/"));
        assertThrows(EggException.class, () -> Image.normalize("a/b"));
        assertThrows(EggException.class, () -> Image.normalize("/a/../b"));
        assertThrows(EggException.class, () -> Image.normalize("/a\0b"));
    }

    @Test
    void parentsAndReplacement() {
        Image image = new Image()
                .file("/a/b/c", 0644, bytes("one"))
                .file("/a/b/c", 0600, bytes("two"))
                .directory("/a", 0700);
        List<Image.Entry> entries = image.entries();
        assertEquals(List.of("/a", "/a/b", "/a/b/c"), entries.stream().map(Image.Entry::path).toList());
        assertEquals(0700, entries.get(0).mode());
        Image.RegularFile c = (Image.RegularFile) entries.get(2);
        assertEquals(0600, c.mode());
        assertArrayEquals(bytes("two"), ((Image.Bytes) c.content()).bytes());
    }

    @Test
    void conflicts() {
        Image image = new Image().file("/f", 0644, bytes("x")).directory("/d", 0755);
        assertThrows(EggException.class, () -> image.directory("/f", 0755));
        assertThrows(EggException.class, () -> image.file("/d", 0644, bytes("y")));
        assertThrows(EggException.class, () -> image.file("/f/g", 0644, bytes("y")));
        assertThrows(EggException.class, () -> image.file("/", 0644, bytes("y")));
    }

    @Test
    void copyTree() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("z.txt"), "z");
        Path sub = Files.createDirectories(tree.resolve("a"));
        Path tool = Files.writeString(sub.resolve("tool"), "#!x");
        assertTrue(tool.toFile().setExecutable(true));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a/tool"));
        Image image = new Image().copy(tree, "/srv/www");
        assertEquals(List.of("/srv", "/srv/www", "/srv/www/a", "/srv/www/a/tool", "/srv/www/link", "/srv/www/z.txt"),
                image.entries().stream().map(Image.Entry::path).toList());
        assertEquals(0755, image.get("/srv/www/a/tool").orElseThrow().mode());
        assertEquals(0644, image.get("/srv/www/z.txt").orElseThrow().mode());
        assertEquals(new Image.Symlink("/srv/www/link", "a/tool"), image.get("/srv/www/link").orElseThrow());

        Image root = new Image().copy(tree, "/");
        assertEquals("/a", root.entries().get(0).path());
    }

    @Test
    void cpioRoundTrip() throws IOException {
        Path host = Files.writeString(dir.resolve("host.txt"), "from the host\n");
        Image image = new Image()
                .directory("/tmp", 01777)
                .file("/etc/x", 0644, bytes("x\n"))
                .file("/h", 0600, host)
                .symlink("/bin/sh", "busybox");
        Path archive = dir.resolve("a.cpio");
        try (var out = Files.newOutputStream(archive)) {
            image.writeCpio(out);
        }
        assertEquals(0, Files.size(archive) % 512);
        Map<String, Cli.Read> read = Cli.readCpio(archive);
        assertEquals(List.of("tmp", "etc", "etc/x", "h", "bin", "bin/sh"), List.copyOf(read.keySet()));
        assertEquals(CpioConstants.C_ISDIR | 01777, read.get("tmp").entry().getMode());
        assertEquals(CpioConstants.C_ISREG | 0600, read.get("h").entry().getMode());
        assertEquals("from the host\n", new String(read.get("h").data(), StandardCharsets.UTF_8));
        assertEquals(CpioConstants.C_ISLNK | 0777, read.get("bin/sh").entry().getMode());
        assertEquals("busybox", new String(read.get("bin/sh").data(), StandardCharsets.UTF_8));
        // Inodes follow the entry order: distinct and stable.
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L),
                read.values().stream().map(r -> r.entry().getInode()).toList());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        image.writeCpio(again);
        assertArrayEquals(Files.readAllBytes(archive), again.toByteArray());
    }

    @Test
    void largeFilesStartOnAPage() throws IOException {
        byte[] big = new byte[3 * NewcWriter.PAGE + 5];
        big[0] = 'B';
        Image image = new Image()
                .file("/small", 0644, bytes("s"))
                .file("/lib/big.so", 0755, big)
                .file("/lib/exactly-a-page", 0644, new byte[NewcWriter.PAGE]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeCpio(out);
        byte[] a = out.toByteArray();
        for (String name : List.of("lib/big.so", "lib/exactly-a-page")) {
            int header = indexOf(a, (name + "\0").getBytes(StandardCharsets.UTF_8)) - 110;
            int nameSize = Integer.parseInt(new String(a, header + 94, 8, StandardCharsets.US_ASCII), 16);
            int data = (header + 110 + nameSize + 3) & ~3;
            assertEquals(0, data % NewcWriter.PAGE, name);
        }
        assertEquals(big.length, Cli.readCpioBytes(a).get("lib/big.so").length);
    }

    private static int indexOf(byte[] a, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= a.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (a[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not in the archive");
    }

    @Test
    void execSpecEncoding() {
        ExecSpec spec = new ExecSpec("/bin/p", "/", List.of("/bin/p", "a b", ""), Map.of("K", "v=w"));
        assertArrayEquals("EGGOS1\0/bin/p\0/\0003\0/bin/p\0a b\0\0001\0K=v=w\0".getBytes(StandardCharsets.UTF_8),
                spec.encode());
        assertThrows(EggException.class, () -> new ExecSpec("/bin/p", "/", List.of("/bin/p", "a\0b"), Map.of()));
        assertThrows(EggException.class, () -> new ExecSpec("/bin/p", "/", List.of("/bin/p"), Map.of("A=B", "c")));
    }

    @Test
    void workdirIsMadeUnlessAFileIsThere() throws IOException {
        Path prog = Files.write(dir.resolve("prog"), new byte[] {0x7f, 'E', 'L', 'F'});
        ProgramSpec p = new ProgramSpec(prog, "prog", List.of(), List.of(), Map.of());
        assertEquals("/", ImageLayout.exec(p).cwd());
        assertTrue(ImageLayout.of(p, null).get("/srv").isEmpty());
        Image image = ImageLayout.of(p, "/srv/work");
        assertTrue(image.get("/srv/work").orElseThrow() instanceof Image.Directory);
        assertEquals("/srv/work", ImageLayout.exec(p).in("/srv/work").cwd());
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("f"), "x");
        ProgramSpec withFile = new ProgramSpec(prog, "prog", List.of(), List.of(new FileMapping(data, "/srv")),
                Map.of());
        assertTrue(ImageLayout.of(withFile, "/srv").get("/srv/f").isPresent(), "the --file folder is the workdir");
    }

    @Test
    void envOverridesKeepOrder() {
        Map<String, String> env = ProgramSpec.parseEnv(List.of("B=1", "HOME=/h", "B=2", "EMPTY="));
        ProgramSpec p = new ProgramSpec(Path.of("prog"), "prog", List.of(), List.of(), env);
        ExecSpec exec = ImageLayout.exec(p);
        assertEquals(List.of("PATH", "HOME", "TERM", "B", "EMPTY"), List.copyOf(exec.env().keySet()));
        assertEquals("/h", exec.env().get("HOME"));
        assertEquals("2", exec.env().get("B"));
        assertEquals("", exec.env().get("EMPTY"));
        assertThrows(EggException.class, () -> ProgramSpec.parseEnv(List.of("=x")));
    }

    @Test
    void fileMappings() throws IOException {
        Path f = Files.writeString(dir.resolve("data.txt"), "d");
        assertEquals(new FileMapping(f, "/data.txt"), FileMapping.parse(f.toString()));
        assertEquals(new FileMapping(f, "/srv/d.txt"), FileMapping.parse(f + ":/srv//d.txt"));
        assertEquals(new FileMapping(dir, "/" + dir.getFileName()), FileMapping.parse(dir.toString()));
        Path colon = Files.writeString(dir.resolve("a:b"), "c");
        assertEquals(new FileMapping(colon, "/a:b"), FileMapping.parse(colon.toString()));
        assertTrue(assertThrows(EggException.class, () -> FileMapping.parse(f + ":relative"))
                .getMessage().contains("absolute"));
        assertThrows(EggException.class, () -> FileMapping.parse(f + ":/x/../y"));
        assertThrows(EggException.class, () -> FileMapping.parse(dir.resolve("missing") + ":/x"));
        assertThrows(EggException.class, () -> FileMapping.parse(""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
