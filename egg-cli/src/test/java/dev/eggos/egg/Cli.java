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

/** Test helpers: egg run in-process, cpio read back, a static program compiled with gcc. */
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
        Map<String, Read> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive); CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                cpio.transferTo(data);
                entries.put(e.getName(), new Read(e, data.toByteArray()));
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
}
