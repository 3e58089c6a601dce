package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * egg's cache folder, {@code $XDG_CACHE_HOME/egg} or else {@code ~/.cache/egg}: jlinked
 * runtimes ({@link Jlink}), compiled classes ({@link JavaSources}) and jdeps answers
 * ({@link Jdeps}), each under the SHA-256 of what it was made from. Entries are written to a temporary name and renamed into place, so a
 * reader never sees half of one, also when several egg processes write at once.
 */
public final class Cache {
    private Cache() {
    }

    /** The cache folder for this process's environment. */
    public static Path dir() {
        return dir(System.getenv(), System.getProperty("user.home"));
    }

    public static Path dir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("egg");
    }

    /** The text cached as {@code kind/key}, if any. */
    public static Optional<String> read(String kind, String key) throws IOException {
        Path p = dir().resolve(kind).resolve(key);
        return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Caches {@code text} as {@code kind/key}. */
    public static void write(String kind, String key, String text) throws IOException {
        Path dir = Files.createDirectories(dir().resolve(kind));
        Path tmp = Files.createTempFile(dir, ".tmp-", "");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a cached folder's contents. */
    public interface Maker {
        void make(Path dir) throws IOException;
    }

    /**
     * The folder cached as {@code kind/key}; when it is not there, {@code maker} makes it (in a
     * temporary folder that is then renamed into place).
     */
    public static Path directory(String kind, String key, Maker maker) throws IOException {
        Path parent = dir().resolve(kind);
        Path target = parent.resolve(key);
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, ".tmp-");
        try {
            Path made = tmp.resolve(key);
            maker.make(made);
            try {
                Files.move(made, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // Another egg made the same folder meanwhile: use that one.
            }
        } finally {
            FileTrees.delete(tmp);
        }
        return target;
    }

    /** A SHA-256 cache key, fed with strings and files. */
    public static final class Key {
        private final MessageDigest sha;

        public Key() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing", e);
            }
        }

        /** Adds a string and a NUL after it, so that ("ab", "c") and ("a", "bc") differ. */
        public Key add(String s) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return this;
        }

        public Key add(List<String> parts) {
            parts.forEach(this::add);
            return this;
        }

        /** Adds a file, or every file under a folder (names relative to it, and contents), in name order. */
        public Key addTree(Path root) throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                add(root.relativize(f).toString());
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                }
                sha.update((byte) 0);
            }
            return this;
        }

        public String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
