package dev.eggos.egg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

/** Test helpers: egg run in-process, cpio read back, a static program compiled with gcc, Java sources compiled. */
final class Cli {
    record Result(int status, String out, String err) {
    }

    /** One entry read back from a cpio archive. */
    record Read(CpioArchiveEntry entry, byte[] data) {
    }

    private Cli() {
    }

    static Result egg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Egg.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    static Map<String, Read> readCpio(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return readCpio(in);
        }
    }

    /** The files' contents of an archive in memory, by name. */
    static Map<String, byte[]> readCpioBytes(byte[] archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        readCpio(new java.io.ByteArrayInputStream(archive)).forEach((name, r) -> files.put(name, r.data()));
        return files;
    }

    private static Map<String, Read> readCpio(InputStream in) throws IOException {
        Map<String, Read> entries = new LinkedHashMap<>();
        try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                cpio.transferTo(data);
                // Names may be NUL-padded (page-aligned data): the name ends at the first NUL.
                String name = e.getName();
                int nul = name.indexOf('\0');
                entries.put(nul < 0 ? name : name.substring(0, nul), new Read(e, data.toByteArray()));
            }
        }
        return entries;
    }

    /** Compiles {@code source} with {@code gcc -static}; null when gcc or a static libc is missing. */
    static Path compileStatic(Path dir, String name, String source) throws IOException, InterruptedException {
        if (Host.which("gcc").isEmpty()) {
            return null;
        }
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path exe = dir.resolve(name);
        Process p = new ProcessBuilder("gcc", "-static", "-O2", "-o", exe.toString(), c.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(ByteArrayOutputStream.nullOutputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return exe;
    }

    /**
     * Writes {@code sources} (path relative to {@code dir}/src, like "a/B.java", to text) and
     * compiles them with the running JDK's compiler into {@code dir}/classes, which it returns.
     */
    static Path javac(Path dir, Map<String, String> sources) throws IOException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-d", classes.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + args);
        }
        return classes;
    }

    /** A jar of {@code classes}, with a manifest holding {@code attributes} (like Main-Class). */
    static Path jar(Path jar, Path classes, Map<String, String> attributes) throws IOException {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m);
             java.util.stream.Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
