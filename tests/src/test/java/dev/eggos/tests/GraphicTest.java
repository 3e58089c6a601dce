package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/graphic, the seed's showpiece: a Maven project using the eggos library's Framebuffer,
 * packed as an ISO and booted by GRUB on BIOS and UEFI (its Multiboot 2 framebuffer), and run
 * plainly with {@code egg run --graphic} (the kernel's Bochs VGA driver). QEMU's screendumps
 * must show a Lissajous curve (dark on light, near the centre) that moves. The pictures go to
 * tests/target/screenshots/.
 */
class GraphicTest {
    private static final Pattern SCREEN = Pattern.compile("graphic: (\\d+)x(\\d+) screen, (\\d+) bpp");
    private static final Pattern FIRST_FRAME = Pattern.compile("graphic: first frame at ([0-9.]+) s of uptime");
    private static Path example;
    private static Path work;

    @BeforeAll
    static void paths() throws IOException {
        EggRun.requireEggJar();
        Path root = EggRun.repoRoot();
        example = root.resolve("examples/graphic");
        work = root.resolve("tests/target/graphic");
        Files.createDirectories(work);
        Files.deleteIfExists(work.resolve("graphic.iso"));   // packed afresh by the first ISO test
    }

    /** A few frames under plain egg run, then the program switches the machine off itself: status 0. */
    @Test
    void plainRunDrawsFramesAndPowersOff() throws Exception {
        // Longer than EggRun's limit: mvn package and a first jlink of java.desktop come first.
        Proc.Result r = EggRun.egg(List.of("run", "--timeout", "240", "--graphic", example.toString(), "--", "3"),
                Duration.ofSeconds(420));
        assertEquals(0, r.status(), r.out() + r.err() + EggRun.explainStatus(r.status()));
        String out = r.out().replace("\r\n", "\n");
        assertTrue(Pattern.compile("graphic: \\d+ CPU \\(.+\\), \\d+ MB, up [0-9.]+ s").matcher(out).find(), out);
        Matcher m = SCREEN.matcher(out);
        assertTrue(m.find(), out);
        assertEquals("1024x768x32", m.group(1) + "x" + m.group(2) + "x" + m.group(3), "QEMU's standard VGA at boot");
        assertTrue(out.contains("graphic: frames 1-3: draw "), out);
    }

    /** Plain egg run has no screen: the program says so in one line. */
    @Test
    void noScreenWithoutGraphic() throws Exception {
        Proc.Result r = EggRun.egg(List.of("run", "--timeout", "240", example.toString()), Duration.ofSeconds(420));
        assertEquals(1, r.status(), r.out() + r.err() + EggRun.explainStatus(r.status()));
        // The program's stderr is egg's stderr, as on Linux.
        assertTrue(r.err().contains("graphic: this machine has no screen (/dev/fb0: No such device)"),
                r.out() + r.err());
    }

    @Test
    void isoOnBios() throws Exception {
        isoRun("bios", List.of(), Duration.ofSeconds(240));
    }

    /** OVMF starts slower than SeaBIOS (tens of seconds under TCG on a busy machine). */
    @Test
    void isoOnUefi() throws Exception {
        isoRun("uefi", List.of("--uefi"), Duration.ofSeconds(360));
    }

    private static synchronized Path iso() throws Exception {
        Path iso = work.resolve("graphic.iso");
        if (!Files.isRegularFile(iso)) {
            Proc.Result r = EggRun.egg(List.of("pack", example.toString(), "-o", iso.toString()),
                    Duration.ofMinutes(8));
            assertEquals(0, r.status(), "egg pack: " + r.out() + r.err());
            System.out.printf("GraphicTest: %s is %d MB%n", iso.getFileName(), Files.size(iso) >> 20);
        }
        return iso;
    }

    private static void isoRun(String name, List<String> options, Duration bootLimit) throws Exception {
        try (QmpGuest g = QmpGuest.bootIso(iso(), options, Files.createTempDirectory(work, name), bootLimit,
                FIRST_FRAME, SCREEN)) {
            MatchResult screen = g.ready.get(1);
            assertEquals(1024, Integer.parseInt(screen.group(1)));
            assertEquals(768, Integer.parseInt(screen.group(2)));
            Screen.Picture first = g.dump("a");
            Thread.sleep(1000);
            Screen.Picture second = g.dump("b");
            first.savePng(work.resolve("../screenshots/graphic-iso-" + name + ".png"));
            second.savePng(work.resolve("../screenshots/graphic-iso-" + name + "-1s.png"));
            int a = checkCurve(first);
            int c = checkCurve(second);
            assertFalse(Arrays.equals(first.rgb(), second.rgb()), "the curve did not move in a second");
            System.out.printf("GraphicTest: ISO on %s: first frame %d ms after egg run (%.1f s of guest uptime);"
                    + " %d and %d dark pixels%n", name, g.bootMillis, Double.parseDouble(g.ready.get(0).group(1)),
                    a, c);
        }
    }

    /**
     * A Lissajous curve as examples/graphic draws it: dark pixels only inside the square of side
     * 0.9 x the screen's height around the centre where the curve lives, a count between a short
     * line's and a fifth of that square, and a light background everywhere else.
     *
     * @return the number of dark pixels
     */
    static int checkCurve(Screen.Picture p) {
        int w = p.width(), h = p.height();
        double size = Math.min(w, h) * 0.45;
        int x0 = (int) (w / 2.0 - size) - 4, x1 = (int) (w / 2.0 + size) + 4;
        int y0 = (int) (h / 2.0 - size) - 4, y1 = (int) (h / 2.0 + size) + 4;
        int dark = 0, light = 0, stray = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (p.dark(x, y)) {
                    dark++;
                    if (x < x0 || x > x1 || y < y0 || y > y1) {
                        stray++;
                    }
                } else if (p.light(x, y)) {
                    light++;
                }
            }
        }
        long all = (long) w * h;
        long square = (long) (x1 - x0) * (y1 - y0);
        assertEquals(0, stray, "dark pixels outside the curve's square");
        assertTrue(light > all * 3 / 4, "light background: " + light + " of " + all);
        assertTrue(dark > (int) size && dark < square / 5, "dark pixels: " + dark + " (square " + square + ")");
        return dark;
    }
}
