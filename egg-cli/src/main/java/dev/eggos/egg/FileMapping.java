package dev.eggos.egg;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** One {@code --file HOST[:GUEST]}: a host file or directory and where it goes in the image. */
public record FileMapping(Path host, String guest) {

    public FileMapping {
        guest = Image.normalize(guest);
    }

    /**
     * Parses {@code HOST[:GUEST]}. GUEST is the text after the last colon and must be absolute;
     * without it the file goes to {@code /<name of HOST>}. A HOST whose own name has a colon
     * works when the whole text names an existing file.
     */
    public static FileMapping parse(String spec) {
        if (spec.isEmpty()) {
            throw EggException.usage("--file needs HOST[:GUEST], for example --file data.txt:/data/data.txt");
        }
        String host = spec;
        String guest = null;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0 && !Files.exists(path(spec, spec))) {
            host = spec.substring(0, colon);
            guest = spec.substring(colon + 1);
            if (host.isEmpty()) {
                throw EggException.usage("--file " + spec + ": HOST is empty; write --file HOST[:GUEST]");
            }
            if (!guest.startsWith("/")) {
                throw EggException.usage("--file " + spec + ": GUEST must be an absolute path (start with /)");
            }
        }
        Path hostPath = path(host, spec);
        if (!Files.exists(hostPath)) {
            throw EggException.notFound("--file " + spec + ": " + host + ": no such file or directory");
        }
        if (guest == null) {
            Path name = hostPath.toAbsolutePath().normalize().getFileName();
            guest = name == null ? "/" : "/" + name;
        }
        return new FileMapping(hostPath, guest);
    }

    private static Path path(String text, String spec) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw EggException.usage("--file " + spec + ": bad path: " + e.getMessage());
        }
    }
}
