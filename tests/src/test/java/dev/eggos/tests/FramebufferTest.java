package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The screen: tests/fb/fbtest.c, a Linux fbdev program built static on the host against
 * {@code <linux/fb.h>}, draws through /dev/fb0 in eggos: under plain {@code egg run --graphic}
 * (QEMU -kernel, the Bochs VGA driver) and from ISOs that {@code egg pack} made, booted by GRUB
 * on BIOS and on UEFI (its Multiboot 2 framebuffer). QEMU's screendump shows what a person would
 * see; the pictures go to tests/target/screenshots/.
 */
class FramebufferTest {
    private static final Pattern DRAWN = Pattern.compile("drawn (\\d+)x(\\d+)");
    private static Path fbtest;
    private static Path work;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(EggRun.eggJar() != null, EggRun.whyUnavailable());
        Path root = EggRun.repoRoot();
        work = root.resolve("tests/target/fb");
        Files.createDirectories(work);
        fbtest = work.resolve("fbtest");
        Proc.Result r = Proc.run(List.of("gcc", "-static", "-O2", "-Wall", "-Werror", "-o", fbtest.toString(),
                root.resolve("tests/fb/fbtest.c").toString()), null, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, r.status(), "gcc: " + r.err());
    }

    /** What the fbdev ioctls give, read through the host's <linux/fb.h>: QEMU's standard VGA at boot. */
    @Test
    void ioctlsGiveLinuxStructures() throws Exception {
        Proc.Result r = EggRun.run(fbtest, List.of("--graphic"), List.of("info"));
        assertEquals(0, r.status(), r.out() + r.err() + EggRun.explainStatus(r.status()));
        assertEquals(String.join("\n",
                "id=bochsdrmfb",
                "xres=1024", "yres=768", "xres_virtual=1024", "yres_virtual=768", "xoffset=0", "yoffset=0",
                "bits_per_pixel=32",
                "red=16/8 green=8/8 blue=0/8 transp=0/0",
                "line_length=4096",
                "smem_len=16777216",
                "smem_start nonzero: yes",
                "type=0",
                "visual=2",
                "line_length covers xres: yes",
                "smem_len covers the screen: yes",
                "put test: 0, mode kept: yes",
                "pan past the end: EINVAL",
                "pan to where it is: 0",
                "unknown ioctl: ENOTTY",
                "bad pointer: EFAULT",
                "mmap past the end: EINVAL",
                "store through mmap, read back by pread: same",
                ""), r.out());
    }

    /** Without --graphic the machine has no screen: /dev/fb0 says so, as Linux's does. */
    @Test
    void noScreenWithoutGraphic() throws Exception {
        Proc.Result r = EggRun.run(fbtest, List.of(), List.of("info"));
        assertEquals("open /dev/fb0: ENODEV\n", r.out(), r.err());
        assertEquals(2, r.status());
    }

    /** Plain egg run: the picture is on QEMU's screen, at the size the program was told. */
    @Test
    void plainRunDrawsOnTheScreen() throws Exception {
        Path dir = Files.createTempDirectory(work, "plain");
        Booted b = boot(List.of("run", "--graphic", "--timeout", "120", fbtest.toString(), "--", "draw", "600"),
                dir, Duration.ofSeconds(90));
        try {
            Screen.Picture p = Screen.dump(b.qmp, dir.resolve("a.ppm"));
            assertEquals(b.width, p.width(), "screendump width vs the program's xres");
            assertEquals(b.height, p.height(), "screendump height vs the program's yres");
            checkPicture(p);
            p.savePng(work.resolve("../screenshots/fbtest-plain.png"));
        } finally {
            b.stop();
        }
    }

    @Test
    void isoOnBios() throws Exception {
        isoRun("bios", List.of(), Duration.ofSeconds(90));
    }

    /** OVMF starts slower than SeaBIOS (tens of seconds under TCG on a busy machine). */
    @Test
    void isoOnUefi() throws Exception {
        isoRun("uefi", List.of("--uefi"), Duration.ofSeconds(240));
    }

    private static synchronized Path iso() throws Exception {
        Path iso = work.resolve("fbtest.iso");
        if (!Files.isRegularFile(iso)) {
            Proc.Result r = egg(List.of("pack", fbtest.toString(), "-o", iso.toString(), "--", "draw", "600"));
            assertEquals(0, r.status(), "egg pack: " + r.out() + r.err());
            assertTrue(r.out().startsWith(iso.toString()), r.out());
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
            checkPicture(first);
            checkPicture(second);
            assertTrue(java.util.Arrays.equals(first.rgb(), second.rgb()), "the still picture changed");
            first.savePng(work.resolve("../screenshots/fbtest-iso-" + name + ".png"));
            System.out.printf("FramebufferTest: ISO on %s: %d ms from egg run to the picture%n", name,
                    b.bootMillis);
        } finally {
            b.stop();
        }
    }

    /**
     * fbtest's picture: a light background, a dark rectangle in the middle, a dark diagonal line;
     * nothing dark outside the box the line spans.
     */
    private static void checkPicture(Screen.Picture p) {
        int w = p.width(), h = p.height();
        int dark = 0, light = 0, strayDark = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (p.dark(x, y)) {
                    dark++;
                    if (x < w / 8 - 2 || x > w * 7 / 8 + 2 || y < h / 8 - 2 || y > h * 7 / 8 + 2) {
                        strayDark++;
                    }
                } else if (p.light(x, y)) {
                    light++;
                }
            }
        }
        long all = (long) w * h;
        assertEquals(0, strayDark, "dark pixels outside the drawing");
        assertTrue(light > all * 3 / 4, "light background: " + light + " of " + all);
        // The rectangle is 1/12 of the screen; the line adds a little.
        assertTrue(dark > all / 13 && dark < all / 9, "dark pixels: " + dark + " of " + all);
        assertTrue(p.dark(w / 2, h / 2), "the rectangle's middle");
        assertTrue(p.dark(w / 8 + w * 3 / 40, h / 8 + h * 3 / 40), "a point on the diagonal");
        assertTrue(p.light(w * 7 / 8, h / 8) && p.light(w / 8, h * 7 / 8), "off-diagonal corners");
    }

    /** A running egg with the picture drawn. */
    private record Booted(Process process, Path qmp, Path out, int width, int height, long bootMillis) {
        void stop() throws Exception {
            try {
                Screen.qmp(qmp, "{\"execute\":\"quit\"}");
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                Proc.kill(process);
            }
        }
    }

    /** Starts egg, and waits until the program says it drew. */
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
                Matcher m = DRAWN.matcher(Files.readString(out, StandardCharsets.UTF_8));
                if (m.find()) {
                    return new Booted(p, qmp, out, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            (System.nanoTime() - start) / 1_000_000);
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
        fail("no picture within " + limit.toSeconds() + " s: " + String.join(" ", cmd) + "\nstdout: "
                + Files.readString(out) + "\nstderr: " + Files.readString(err));
        return null;
    }

    private static List<String> eggCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                EggRun.eggJar().toString());
    }

    private static Proc.Result egg(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(eggCommand());
        cmd.addAll(args);
        return Proc.run(cmd, null, Map.of(), Duration.ofMinutes(5));
    }
}
