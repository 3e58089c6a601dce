package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
        EggRun.requireEggJar();
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
        List<String> args = List.of("--graphic", "--timeout", "120", fbtest.toString(), "--", "draw", "600");
        try (QmpGuest g = QmpGuest.boot(args, dir, Duration.ofSeconds(90), DRAWN)) {
            Screen.Picture p = g.dump("a");
            assertEquals(width(g), p.width(), "screendump width vs the program's xres");
            assertEquals(height(g), p.height(), "screendump height vs the program's yres");
            checkPicture(p);
            p.savePng(work.resolve("../screenshots/fbtest-plain.png"));
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
            Proc.Result r = EggRun.egg(List.of("pack", fbtest.toString(), "-o", iso.toString(), "--", "draw", "600"),
                    Duration.ofMinutes(5));
            assertEquals(0, r.status(), "egg pack: " + r.out() + r.err());
            assertTrue(r.out().startsWith(iso.toString()), r.out());
        }
        return iso;
    }

    private static void isoRun(String name, List<String> options, Duration bootLimit) throws Exception {
        try (QmpGuest g = QmpGuest.bootIso(iso(), options, Files.createTempDirectory(work, name), bootLimit, DRAWN)) {
            assertEquals(1024, width(g));
            assertEquals(768, height(g));
            Screen.Picture first = g.dump("a");
            Thread.sleep(1000);
            Screen.Picture second = g.dump("b");
            checkPicture(first);
            checkPicture(second);
            assertTrue(java.util.Arrays.equals(first.rgb(), second.rgb()), "the still picture changed");
            first.savePng(work.resolve("../screenshots/fbtest-iso-" + name + ".png"));
            System.out.printf("FramebufferTest: ISO on %s: %d ms from egg run to the picture%n", name,
                    g.bootMillis);
        }
    }

    /** The program's xres, from its "drawn WxH" line. */
    private static int width(QmpGuest g) {
        return Integer.parseInt(g.ready.get(0).group(1));
    }

    /** The program's yres. */
    private static int height(QmpGuest g) {
        return Integer.parseInt(g.ready.get(0).group(2));
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
}
