// Reads egg's initramfs with the host's GNU cpio: one file of it, or all of it into a folder.
package dev.eggos.bench.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * egg writes its initramfs (egg-cli's NewcWriter); bench reads it with {@code cpio}, which
 * bench/run installs. Extraction makes directories, files and symlinks only (egg's images have
 * nothing else).
 */
public final class CpioTool {
    private CpioTool() {
    }

    /** The bytes of {@code name} (no leading slash) in the archive. */
    public static byte[] read(Path archive, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Process p = start(List.of("cpio", "-i", "--quiet", "--to-stdout", name), archive, null);
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        finish(p, archive);
        return out.toByteArray();
    }

    /**
     * Unpacks the archive to {@code dest} (through a sibling folder, so that an interrupted
     * extraction leaves no half tree). Absolute symlinks are made to point inside {@code dest}.
     */
    public static void extract(Path archive, Path dest) throws IOException {
        Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp");
        Trees.delete(tmp);
        Files.createDirectories(tmp);
        Process p = start(List.of("cpio", "-i", "-d", "-m", "--quiet", "--no-absolute-filenames"), archive, tmp);
        p.getInputStream().close();
        finish(p, archive);
        rootSymlinks(tmp, dest);
        Files.move(tmp, dest);
    }

    /** Symlinks to absolute paths in the tree {@code tmp} pointed at the same paths under {@code dest}. */
    private static void rootSymlinks(Path tmp, Path dest) throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path link : (Iterable<Path>) s.filter(Files::isSymbolicLink)::iterator) {
                String target = Files.readSymbolicLink(link).toString();
                if (target.startsWith("/")) {
                    Files.delete(link);
                    Files.createSymbolicLink(link, dest.resolve(target.substring(1)));
                }
            }
        }
    }

    private static Process start(List<String> cmd, Path archive, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(archive.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run cpio to read " + archive
                    + " (bench/run installs it: apt-get install cpio): " + e.getMessage(), e);
        }
    }

    private static void finish(Process p, Path archive) throws IOException {
        try {
            if (p.waitFor() != 0) {
                throw new IOException("cpio failed to read " + archive + " (status " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
