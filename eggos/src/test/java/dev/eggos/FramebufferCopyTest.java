package dev.eggos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Framebuffer.show on the host: the same code as on eggos, writing into a buffer in place of the
 * mapped /dev/fb0. Each pixel lands where it should, in the device's format.
 */
class FramebufferCopyTest {
    private static final int FILL = 0x5A;   // what the screen held before

    /** A screen of w x h with stride and pan corner, over a heap buffer. */
    private static Framebuffer screen(int w, int h, int stride, PixelFormat f, int base, ByteBuffer mem) {
        return new Framebuffer(w, h, stride, f, base, mem, null, null);
    }

    private static ByteBuffer memory(int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.fill(b.array(), (byte) FILL);
        return b;
    }

    private static BufferedImage noise(int w, int h, int type, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xFF000000 | r.nextInt(0x1000000));
            }
        }
        return img;
    }

    /** The pixel value at screen (x, y), read back as little-endian bytes. */
    private static int pixel(ByteBuffer mem, int base, int stride, int bpp, int x, int y) {
        int at = base + y * stride + x * bpp;
        int v = 0;
        for (int i = 0; i < bpp; i++) {
            v |= (mem.get(at + i) & 0xFF) << (8 * i);
        }
        return v;
    }

    /** The bits of a pixel that the format's fields cover. */
    private static int used(PixelFormat f) {
        long m = 0;
        int[][] fields = { { f.redLength, f.redOffset }, { f.greenLength, f.greenOffset },
                { f.blueLength, f.blueOffset }, { f.alphaLength, f.alphaOffset } };
        for (int[] fl : fields) {
            m |= ((1L << fl[0]) - 1) << fl[1];
        }
        return (int) m;
    }

    private static int untouched(int bpp) {
        int v = 0;
        for (int i = 0; i < bpp; i++) {
            v |= FILL << (8 * i);
        }
        return v;
    }

    @Test
    void xrgbPixelsAreTheImageInts() throws IOException {
        ByteBuffer mem = memory(4 * 4 * 3);
        Framebuffer fb = screen(4, 3, 16, PixelFormat.XRGB8888, 0, mem);
        BufferedImage img = fb.createImage();
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(3, 2, 0x0000FF);
        img.setRGB(1, 1, 0x123456);
        fb.show(img);
        assertEquals(0x00FF0000, mem.getInt(0));
        assertEquals(0x56, mem.get(16 + 4) & 0xFF);          // blue first in memory
        assertEquals(0x34, mem.get(16 + 5) & 0xFF);
        assertEquals(0x12, mem.get(16 + 6) & 0xFF);
        assertEquals(0x000000FF, mem.getInt(2 * 16 + 3 * 4));
        assertEquals(0, mem.getInt(4));
    }

    /** Every image type, every format, odd strides, panning, clipping to image and screen. */
    @ParameterizedTest
    @ValueSource(ints = { BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_USHORT_565_RGB })
    void everyTypeInEveryFormat(int type) throws IOException {
        String[][] formats = { { "32", "8/16,8/8,8/0,0/0" }, { "32", "8/0,8/8,8/16,0/0" },
                { "32", "8/16,8/8,8/0,8/24" }, { "24", "8/16,8/8,8/0,0/0" }, { "24", "8/0,8/8,8/16,0/0" },
                { "16", "5/11,6/5,5/0,0/0" } };
        for (String[] fs : formats) {
            PixelFormat f = PixelFormat.parse(Integer.parseInt(fs[0]), fs[1]);
            int bpp = f.bytesPerPixel;
            int w = 37, h = 23, vw = 50, vh = 30;
            int stride = vw * bpp + (bpp == 4 ? 8 : 6);
            int base = 5 * stride + 7 * bpp;                 // panned to (7, 5)
            ByteBuffer mem = memory(stride * vh);
            Framebuffer fb = screen(w, h, stride, f, base, mem);
            BufferedImage img = noise(w + 9, h - 4, type, type * 31L + bpp);   // wider, lower than the screen
            fb.show(img);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int want = y < img.getHeight() ? f.pack(img.getRGB(x, y)) : untouched(bpp);
                    if (bpp < 4) {
                        want &= (1 << (8 * bpp)) - 1;
                    }
                    int got = pixel(mem, base, stride, bpp, x, y);
                    if (y < img.getHeight()) {   // bits outside the colour fields (XRGB's X) are free
                        want &= used(f);
                        got &= used(f);
                    }
                    assertEquals(want, got,
                            "type " + type + ", " + f + ", pixel " + x + "," + y);
                }
            }
            // Nothing outside the visible screen was written.
            for (int i = 0; i < base; i++) {
                assertEquals(FILL, mem.get(i) & 0xFF, "before the screen, " + f);
            }
            for (int y = 0; y < h; y++) {
                int end = base + y * stride + w * bpp;
                int next = base + (y + 1) * stride;
                for (int i = end; i < Math.min(next, mem.capacity()); i++) {
                    assertEquals(FILL, mem.get(i) & 0xFF, "right of row " + y + ", " + f);
                }
            }
        }
    }

    @Test
    void dirtyRectangleCopiesOnlyThatPart() throws IOException {
        ByteBuffer mem = memory(64 * 4 * 48);
        Framebuffer fb = screen(64, 48, 256, PixelFormat.XRGB8888, 0, mem);
        BufferedImage img = noise(64, 48, BufferedImage.TYPE_INT_RGB, 7);
        Rectangle dirty = new Rectangle(10, 20, 5, 3);
        fb.show(img, dirty);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int want = dirty.contains(x, y) ? img.getRGB(x, y) & 0xFFFFFF : untouched(4);
                assertEquals(want, mem.getInt(y * 256 + x * 4), x + "," + y);
            }
        }
        fb.show(img, new Rectangle(-100, -100, 50, 50));  // off the screen: nothing
        fb.show(img, new Rectangle(60, 40, 100, 100));    // clipped
        assertEquals(img.getRGB(63, 47) & 0xFFFFFF, mem.getInt(47 * 256 + 63 * 4));
    }

    @Test
    void subimagesCopyTheirOwnPixels() throws IOException {
        BufferedImage big = noise(100, 80, BufferedImage.TYPE_INT_ARGB, 3);
        BufferedImage sub = big.getSubimage(13, 17, 40, 30);
        ByteBuffer mem = memory(40 * 4 * 30);
        Framebuffer fb = screen(40, 30, 160, PixelFormat.XRGB8888, 0, mem);
        fb.show(sub);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(big.getRGB(13 + x, 17 + y) & 0xFFFFFF, mem.getInt(y * 160 + x * 4) & 0xFFFFFF);
            }
        }
    }

    @Test
    void imagesWithoutAlphaAreOpaqueOnScreensWithAlpha() throws IOException {
        PixelFormat argb = PixelFormat.parse(32, "8/16,8/8,8/0,8/24");
        ByteBuffer mem = memory(8 * 4);
        Framebuffer fb = screen(8, 1, 32, argb, 0, mem);
        BufferedImage img = new BufferedImage(8, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 0, 0x00ABCDEF);
        fb.show(img);
        assertEquals(0xFFABCDEF, mem.getInt(8));
        assertEquals(0xFF000000, mem.getInt(0));
    }

    /** Without a shared mapping, the changed rows reach the device by positional writes. */
    @Test
    void withoutAMappingRowsAreWritten(@TempDir Path dir) throws IOException {
        Path dev = dir.resolve("fb0");
        int w = 30, h = 20, stride = 32 * 4;
        Files.write(dev, new byte[stride * h]);
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer copy = ByteBuffer.allocateDirect(stride * h);
            Framebuffer fb = new Framebuffer(w, h, stride, PixelFormat.XRGB8888, 0, copy, null, ch);
            BufferedImage img = noise(w, h, BufferedImage.TYPE_INT_RGB, 11);
            fb.show(img, new Rectangle(3, 4, 10, 5));
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(dev)).order(ByteOrder.LITTLE_ENDIAN);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int want = x >= 3 && x < 13 && y >= 4 && y < 9 ? img.getRGB(x, y) & 0xFFFFFF : 0;
                    assertEquals(want, file.getInt(y * stride + x * 4), x + "," + y);
                }
            }
            // A screen whose rows are contiguous goes in one write.
            Framebuffer whole = new Framebuffer(32, h, stride, PixelFormat.XRGB8888, 0, copy, null, ch);
            BufferedImage full = noise(32, h, BufferedImage.TYPE_INT_RGB, 12);
            whole.show(full);
            file = ByteBuffer.wrap(Files.readAllBytes(dev)).order(ByteOrder.LITTLE_ENDIAN);
            int[] got = new int[32 * h];
            file.asIntBuffer().get(got);
            int[] want = full.getRGB(0, 0, 32, h, null, 0, 32);
            for (int i = 0; i < want.length; i++) {
                want[i] &= 0xFFFFFF;
            }
            assertArrayEquals(want, got);
        }
    }

    @Test
    void modeStringsGiveTheResolution() {
        assertArrayEquals(new int[] { 1024, 768 }, Framebuffer.mode("U:1024x768p-0"));
        assertArrayEquals(new int[] { 800, 600 }, Framebuffer.mode("S:800x600p-75\n"));
        assertThrows(IllegalArgumentException.class, () -> Framebuffer.mode(""));
    }

    @Test
    void closedScreensRefuse() throws IOException {
        Framebuffer fb = screen(4, 4, 16, PixelFormat.XRGB8888, 0, memory(64));
        fb.close();
        assertThrows(IllegalStateException.class, () -> fb.show(fb.createImage()));
    }

    @Test
    void geometryThatDoesNotFitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> screen(4, 4, 12, PixelFormat.XRGB8888, 0, memory(64)));
        assertThrows(IllegalArgumentException.class, () -> screen(4, 4, 16, PixelFormat.XRGB8888, 4, memory(64)));
    }

    /** Not an assertion (timings vary): how long a 1024x768 frame takes on this host. */
    @Test
    void frameTime() throws IOException {
        int w = 1024, h = 768;
        ByteBuffer mem = ByteBuffer.allocateDirect(w * h * 4);
        Framebuffer fb = new Framebuffer(w, h, w * 4, PixelFormat.XRGB8888, 0, mem, null, null);
        BufferedImage img = fb.createImage();
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        PixelFormat bgr = PixelFormat.parse(32, "8/0,8/8,8/16,0/0");
        Framebuffer slow = new Framebuffer(w, h, w * 4, bgr, 0, mem, null, null);
        for (Framebuffer f : new Framebuffer[] { fb, slow }) {
            for (int i = 0; i < 50; i++) {
                f.show(img);
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                f.show(img);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("show 1024x768 (%s): best of 50 %.2f ms%n", f == fb ? "XRGB, bulk copy" : "BGRX, converted",
                    best / 1e6);
        }
    }
}
