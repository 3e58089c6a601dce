// The ISO rows of the graphic benchmark: `egg pack`'s image size, and its first frame on BIOS and UEFI.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.Line;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** `egg pack` of examples/graphic: its size, and QEMU start to the first frame under `egg run X.iso`. */
final class GraphicIso {
    private GraphicIso() {
    }

    /** Packs the ISO and boots it {@code n} times on each firmware. */
    static void run(Context c, int n) throws IOException {
        Path iso = c.options().work().resolve("img/graphic.iso");
        Files.deleteIfExists(iso);
        String egg = c.options().egg().toString();
        Proc pack = ProcessRunner.run(Command.helper(List.of(egg, "pack", "-o", iso.toString(),
                c.options().root().resolve("examples/graphic").toString(), "--", "30"), c.options().root(), Map.of(),
                1800));
        if (pack.status() != 0 || !Files.isRegularFile(iso)) {
            c.results().fail();
            c.results().add(Row.skipped(GraphicBenchmark.BENCH, "`egg pack` ISO",
                    "egg pack failed: " + Fmt.oneLine(pack.lastLines(3))));
            return;
        }
        c.results().add(Row.eggosOnly(GraphicBenchmark.BENCH, "`egg pack` ISO of the example", "MiB",
                Series.of(Fmt.mib(Files.size(iso))),
                "GRUB for BIOS and UEFI, the kernel, the initramfs with the jlinked JDK"));
        for (boolean uefi : new boolean[] {false, true}) {
            Series first = new Series();
            for (int i = 0; i < n; i++) {
                firstFrame(c, iso, uefi, first);
            }
            Log.say("  ISO " + (uefi ? "UEFI" : "BIOS") + ": first frame " + first.cell("s"));
            c.results().add(Row.eggosOnly(GraphicBenchmark.BENCH, "ISO on " + (uefi ? "UEFI (OVMF)" : "BIOS (SeaBIOS)")
                    + ": QEMU start to the first frame", "s", first, "`egg run" + (uefi ? " --uefi" : "")
                    + " X.iso`: firmware, GRUB, the kernel, the JVM, the first frame"
                    + (uefi ? "; OVMF starts from a fresh copy of its variable store each run" : "")));
        }
    }

    /** One `egg run X.iso`: adds QEMU start to the first frame to {@code first}. */
    private static void firstFrame(Context c, Path iso, boolean uefi, Series first) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(c.options().egg().toString(), "run", "--accel", "tcg", "--mem",
                c.options().mem(), "--timeout", "300"));
        if (uefi) {
            cmd.add("--uefi");
        }
        cmd.add(iso.toString());
        Proc p = ProcessRunner.run(Command.helper(cmd, c.options().root(), Map.of("EGG_DEBUG", "1"), 400));
        // egg prints its QEMU command (EGG_DEBUG) just before it starts QEMU.
        Optional<Double> start = p.timed().stream().filter(l -> l.text().startsWith("egg: ")
                && l.text().contains("qemu-system-")).map(Line::t).findFirst();
        Optional<Double> frame = p.timed().stream().filter(l -> l.text().startsWith(GraphicBenchmark.FIRST_FRAME))
                .map(Line::t).findFirst();
        if (p.status() != 0 || start.isEmpty() || frame.isEmpty()) {
            first.fail("status " + p.status() + ": " + Fmt.oneLine(p.lastLines(3)));
            return;
        }
        first.add(frame.get() - start.get());
    }
}
