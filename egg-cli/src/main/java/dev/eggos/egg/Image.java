package dev.eggos.egg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;


/**
 * The files of an initramfs, in the order they are written, and its writer (cpio "newc").
 *
 * <p>Paths are absolute guest paths ({@code /bin/hello}); in the archive they are written
 * without the leading slash ({@code bin/hello}), as Linux's gen_init_cpio does. Parent
 * directories are added as needed (mode 0755). Every entry is owned by root with mtime 0,
 * and inode numbers follow the entry order, so the same inputs give the same bytes.
 * Adding a path again replaces the earlier entry (in its place); a file cannot replace a
 * directory nor the other way round.
 */
public final class Image {

    /** One entry of the image. */
    public sealed interface Entry permits Directory, RegularFile, Symlink {
        /** Absolute, normalized guest path. */
        String path();

        /** Permission bits (0 to 07777), without the file type. */
        int mode();
    }

    public record Directory(String path, int mode) implements Entry {
    }

    public record RegularFile(String path, int mode, Content content) implements Entry {
    }

    public record Symlink(String path, String target) implements Entry {
        @Override
        public int mode() {
            return 0777;
        }
    }

    /** The bytes of a regular file. */
    public sealed interface Content permits Bytes, HostFile {
        long size();

        InputStream open() throws IOException;
    }

    /** Bytes made by egg. */
    public record Bytes(byte[] bytes) implements Content {
        public Bytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** A file of the host, read when the image is written. */
    public record HostFile(Path path, long size) implements Content {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The entries in archive order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(normalize(path)));
    }

    public Image directory(String path, int mode) {
        String p = normalize(path);
        if (p.equals("/")) {
            return this;
        }
        parents(p);
        Entry old = entries.get(p);
        if (old != null && !(old instanceof Directory)) {
            throw EggException.usage(p + " is already a file in the image; it cannot also be a directory");
        }
        entries.put(p, new Directory(p, checkMode(mode)));
        return this;
    }

    public Image file(String path, int mode, byte[] bytes) {
        return put(new RegularFile(fileName(path), checkMode(mode), new Bytes(bytes)));
    }

    public Image file(String path, int mode, Path host) {
        try {
            return put(new RegularFile(fileName(path), checkMode(mode), new HostFile(host, Files.size(host))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Image symlink(String path, String target) {
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw EggException.usage("bad symlink target for " + path + ": '" + target + "'");
        }
        return put(new Symlink(fileName(path), target));
    }

    /**
     * Copies a host file or directory to {@code guest}. A directory is copied recursively, in
     * name order; symlinks inside it stay symlinks; the top-level path is followed if it is a
     * symlink. Files executable by their owner get mode 0755, others 0644.
     */
    public Image copy(Path host, String guest) throws IOException {
        copy(host, normalize(guest), true);
        return this;
    }

    private void copy(Path host, String guest, boolean top) throws IOException {
        LinkOption[] opts = top ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        BasicFileAttributes a = Files.readAttributes(host, BasicFileAttributes.class, opts);
        if (a.isSymbolicLink()) {
            symlink(guest, Files.readSymbolicLink(host).toString());
        } else if (a.isDirectory()) {
            directory(guest, 0755);
            List<Path> children;
            try (Stream<Path> s = Files.list(host)) {
                children = s.sorted((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()))
                        .toList();
            }
            String prefix = guest.equals("/") ? "/" : guest + "/";
            for (Path child : children) {
                copy(child, prefix + child.getFileName(), false);
            }
        } else if (a.isRegularFile()) {
            file(guest, Files.isExecutable(host) ? 0755 : 0644, host);
        } else {
            throw EggException.usage(host + " is not a regular file, directory or symlink; it cannot go in the image");
        }
    }

    private Image put(Entry e) {
        parents(e.path());
        Entry old = entries.get(e.path());
        if (old instanceof Directory) {
            throw EggException.usage(e.path() + " is already a directory in the image; it cannot also be a file");
        }
        entries.put(e.path(), e);
        return this;
    }

    private void parents(String p) {
        int slash = p.indexOf('/', 1);
        while (slash > 0) {
            String dir = p.substring(0, slash);
            Entry old = entries.get(dir);
            if (old == null) {
                entries.put(dir, new Directory(dir, 0755));
            } else if (!(old instanceof Directory)) {
                throw EggException.usage("cannot put " + p + " in the image: " + dir + " is not a directory there");
            }
            slash = p.indexOf('/', slash + 1);
        }
    }

    private static String fileName(String path) {
        String p = normalize(path);
        if (p.equals("/")) {
            throw EggException.usage("/ is the image's root directory; a file cannot go there");
        }
        return p;
    }

    private static int checkMode(int mode) {
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode));
        }
        return mode;
    }

    /**
     * The normalized form of an absolute guest path: one slash between names, no "." names,
     * no trailing slash. ".." is refused, so that nothing escapes the image's root.
     */
    public static String normalize(String path) {
        if (!path.startsWith("/")) {
            throw EggException.usage("guest path '" + path + "' must be absolute (start with /)");
        }
        if (path.indexOf('\0') >= 0) {
            throw EggException.usage("guest path '" + path.replace('\0', '?') + "' contains a NUL byte");
        }
        StringBuilder sb = new StringBuilder();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw EggException.usage("guest path '" + path + "' must not contain ..");
            }
            sb.append('/').append(name);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * Writes the image as a cpio "newc" archive (padded to 512 bytes, the data of files of a page
     * or more page-aligned: see {@link NewcWriter}). Does not close {@code out}.
     */
    public void writeCpio(OutputStream out) throws IOException {
        NewcWriter cpio = new NewcWriter(out);
        for (Entry e : entries.values()) {
            String name = e.path().substring(1);
            if (e instanceof Directory d) {
                cpio.directory(name, d.mode());
            } else if (e instanceof Symlink s) {
                cpio.symlink(name, s.target());
            } else if (e instanceof RegularFile f) {
                try (InputStream in = f.content().open()) {
                    cpio.file(name, f.mode(), f.content().size(), in);
                }
            }
        }
        cpio.finish();
    }
}
