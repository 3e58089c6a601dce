package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting folders. */
final class FileTrees {
    private FileTrees() {
    }

    /** Deletes a folder and what is in it; safe to call twice, also at once (shutdown hook and main). */
    static synchronized void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a temporary folder left behind is harmless.
                }
            });
        } catch (IOException e) {
            // Same.
        }
    }
}
