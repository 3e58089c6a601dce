// The two hello images the boot, memory and size benchmarks share: static C, and Java (built once, if at all).
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.image.Images;
import dev.eggos.bench.options.Options;
import dev.eggos.bench.report.Results;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The static C hello (built first: the guests are checked with it) and examples/helloworld. */
public final class Hellos {
    private final EggImage c;
    private final Options options;
    private final Images images;
    private final Results results;
    private Optional<EggImage> java;     // null until first asked for

    public Hellos(EggImage c, Options options, Images images, Results results) {
        this.c = c;
        this.options = options;
        this.images = images;
        this.results = results;
    }

    public EggImage c() {
        return c;
    }

    /** The Java helloworld, built on first use; empty with {@code --quick} (noted) or when egg cannot build it. */
    public Optional<EggImage> java() throws IOException {
        if (java == null) {
            if (options.quick()) {
                results.note("`--quick`: the Java helloworld is left out (a smoke test of the harness, not a"
                        + " measurement).");
                java = Optional.empty();
            } else {
                java = images.javaProgram("helloworld-java", options.root().resolve("examples/helloworld"),
                        List.of());
            }
        }
        return java;
    }
}
