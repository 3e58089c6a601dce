package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
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
        Assumptions.assumeTrue(EggRun.eggJar() != null, EggRun.whyUnavailable());
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
        Proc.Result r = egg(List.of("run", "--timeout", "240", "--graphic", example.toString(), "--", "3"),
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
        Proc.Result r = egg(List.of("run", "--timeout", "240", example.toString()), Duration.ofSeconds(420));
        assertEquals(1, r.status(), r.out() + r.err() + EggRun.explainStatus(r.status()));
        // The program's stderr is the console too: egg's stdout.
        assertTrue(r.out().contains("graphic: this machine has no screen (/dev/fb0: No such device)"),
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
            Proc.Result r = egg(List.of("pack", example.toString(), "-o", iso.toString()), Duration.ofMinutes(8));
            assertEquals(0, r.status(), "egg pack: " + r.out() + r.err());
            System.out.printf("GraphicTest: %s is %d MB%n", iso.getFileName(), Files.size(iso) >> 20);
        }
        return iso;
    }

    private static void isoRun(String name, List<String> options, Duration bootLimit) throws Exception {
        Path iso = iso();
        Path dir = Files.createTempDirectory(work, name);
        List<String> args = new ArrayList<>(List.of("run", "--timeout", Long.toString(bootLimit.toSeconds() + 60)));
        args.addAll(options);
        args.add(iso.toString());
        Booted b = boot(args, dir, bootLimit);
        try {
            assertEquals(1024, b.width);
            assertEquals(768, b.height);
            Screen.Picture first = Screen.dump(b.qmp, dir.resolve("a.ppm"));
            Thread.sleep(1000);
            Screen.Picture second = Screen.dump(b.qmp, dir.resolve("b.ppm"));
            first.savePng(work.resolve("../screenshots/graphic-iso-" + name + ".png"));
            second.savePng(work.resolve("../screenshots/graphic-iso-" + name + "-1s.png"));
            int a = checkCurve(first);
            int c = checkCurve(second);
            assertFalse(Arrays.equals(first.rgb(), second.rgb()), "the curve did not move in a second");
            System.out.printf("GraphicTest: ISO on %s: first frame %d ms after egg run (%.1f s of guest uptime);"
                    + " %d and %d dark pixels%n", name, b.firstFrameMillis, b.uptime, a, c);
        } finally {
            b.stop();
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

    /** A running egg with the first frame shown. */
    private record Booted(Process process, Path qmp, int width, int height, long firstFrameMillis, double uptime) {
        void stop() throws Exception {
            try {
                Screen.qmp(qmp, "{\"execute\":\"quit\"}");
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                Proc.kill(process);
            }
        }
    }

    /** Starts egg, and waits until the program says it showed its first frame. */
    private static Booted boot(List<String> eggArgs, Path dir, Duration limit) throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(eggCommand());
        cmd.add(eggArgs.get(0));
        cmd.add("--qmp");
        cmd.add(qmp.toString());
        cmd.addAll(eggArgs.subList(1, eggArgs.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        long start = System.nanoTime();
        Process p = pb.start();
        long deadline = start + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String text = Files.readString(out, StandardCharsets.UTF_8);
                Matcher f = FIRST_FRAME.matcher(text);
                Matcher s = SCREEN.matcher(text);
                if (f.find() && s.find()) {
                    return new Booted(p, qmp, Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2)),
                            (System.nanoTime() - start) / 1_000_000, Double.parseDouble(f.group(1)));
                }
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            Proc.kill(p);
            throw e;
        }
        Proc.kill(p);
        fail("no frame within " + limit.toSeconds() + " s: " + String.join(" ", cmd) + "\nstdout: "
                + Files.readString(out) + "\nstderr: " + Files.readString(err));
        return null;
    }

    private static List<String> eggCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                EggRun.eggJar().toString());
    }

    private static Proc.Result egg(List<String> args, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>(eggCommand());
        cmd.addAll(args);
        return Proc.run(cmd, null, Map.of(), timeout);
    }
}
