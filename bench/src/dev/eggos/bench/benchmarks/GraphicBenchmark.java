// Benchmark 8: examples/graphic's frames under `egg run --graphic`, and `egg pack`'s ISO on BIOS and UEFI.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.guest.Guest;
import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.proc.Line;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 8: examples/graphic, the Lissajous animation through the eggos library's Framebuffer: frames
 * per second and the cost of a frame at 1024x768 under `egg run --graphic`, the time to the
 * first frame, and the same boots from `egg pack`'s ISO ({@link GraphicIso}). eggos only: the
 * library's Framebuffer runs only on eggos.
 */
public final class GraphicBenchmark implements Benchmark {
    static final String BENCH = "8 graphic";
    static final String FIRST_FRAME = "graphic: first frame";
    private static final String ONLY = "eggos only: the eggos library's Framebuffer runs only on eggos";
    private static final Pattern FRAME_COST = Pattern.compile(
            "graphic: frames ([0-9]+)-([0-9]+): draw ([0-9.]+) ms, show ([0-9.]+) ms per frame");

    /** The series of the frame rows. */
    private static final class Frames {
        final Series fps = new Series();
        final Series draw = new Series();
        final Series show = new Series();
        final Series first = new Series();
    }

    @Override
    public void run(Context c) throws IOException {
        boolean quick = c.options().quick();
        int frames = quick ? 110 : 300;
        Optional<EggImage> built = c.images().javaProgram("graphic", c.options().root().resolve("examples/graphic"),
                List.of(Integer.toString(frames)));
        if (built.isEmpty()) {
            c.results().add(Row.skipped(BENCH, "examples/graphic", "see the notes"));
            return;
        }
        List<String> vga = c.guests().template().addedFlags(c.egg().command(List.of("--graphic", "--net", "none")));
        int n = c.options().runs(quick ? 1 : 3);
        Log.say(BENCH + ": " + n + " runs of " + frames + " frames");
        Frames f = new Frames();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(c.guests().qemu(built.get(), Guest.EGGOS, c.options().mem()));
            cmd.addAll(vga);
            Proc p = ProcessRunner.run(c.guests().guestCommand(cmd, Guest.EGGOS, 300));
            Log.say("  run " + (i + 1) + "/" + n + ": " + measure(p, f));
        }
        addRows(c, frames, f);
        if (quick) {
            c.results().note("`--quick`: the graphic example ran " + frames + " frames (a 10-frame window), and its ISO"
                    + " boots are left out.");
        } else {
            GraphicIso.run(c, n);
        }
    }

    /** Adds one run's frame rate, frame costs and first frame to {@code f}; says how it went. */
    private static String measure(Proc p, Frames f) {
        Optional<Double> t0 = p.firstOut(l -> l.startsWith(FIRST_FRAME));
        // The example reports every 100 frames: the last two reports bound a window of frames
        // past the JIT's warm-up (a late frame makes the next start at once).
        List<Line> reports = p.timed().stream().filter(l -> !l.err() && FRAME_COST.matcher(l.text()).matches())
                .collect(Collectors.toList());
        if (!p.ok() || t0.isEmpty() || reports.size() < 2) {
            String why = p.ok() ? "fewer than two frame reports: " + p.lastLines(3) : p.why();
            List.of(f.fps, f.draw, f.show, f.first).forEach(s -> s.fail(why));
            return why;
        }
        Line before = reports.get(reports.size() - 2);
        Line last = reports.get(reports.size() - 1);
        Matcher m = FRAME_COST.matcher(last.text());
        m.matches();
        int window = Integer.parseInt(m.group(2)) - Integer.parseInt(m.group(1)) + 1;
        f.fps.add(window / (last.t() - before.t()));
        f.draw.add(Double.parseDouble(m.group(3)));
        f.show.add(Double.parseDouble(m.group(4)));
        f.first.add(t0.get());
        return Fmt.num(f.fps.last()) + " fps, first frame at " + Fmt.num(t0.get()) + " s";
    }

    private static void addRows(Context c, int frames, Frames f) {
        String size = "at 1024x768x32 (QEMU's `-vga std`, as `egg run --graphic` adds it); " + ONLY;
        c.results().add(Row.eggosOnly(BENCH,
                "frames per second (the example waits for 80 ms frame periods: 12.5 at most)", "fps", f.fps,
                "the last of the example's 100-frame reports (of " + frames + " frames), timed on the"
                + " host; " + size).higherIsBetter());
        c.results().add(Row.eggosOnly(BENCH, "drawing a frame: Java2D into a BufferedImage", "ms", f.draw,
                "as the example measures it with the guest's clock (not checked against the host's), the mean over"
                + " its last report's frames; " + ONLY));
        c.results().add(Row.eggosOnly(BENCH, "showing a frame: `Framebuffer.show` of the changed rectangle", "ms",
                f.show, "as the example measures it with the guest's clock (not checked against the host's); " + ONLY));
        c.results().add(Row.eggosOnly(BENCH, "`egg run --graphic` (QEMU -kernel): QEMU start to the first frame", "s",
                f.first, ONLY));
    }
}
