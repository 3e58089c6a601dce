package dev.eggos.examples.graphic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.eggos.Framebuffer;
import dev.eggos.Machine;

/**
 * The Lissajous figure of "The Go Programming Language" (gopl.io/ch1/lissajous), animated on
 * the screen: x = sin(t), y = sin(ratio * t + phase) for t over 5 cycles, with a random
 * frequency ratio and the phase advancing by 0.1 each frame, a frame every 80 ms. It is drawn
 * with plain Java2D on a {@link BufferedImage} (headless) and shown with the eggos library's
 * {@link Framebuffer}, centred and scaled to the screen: a dark curve on a light background.
 *
 * <p>Runs until the machine is switched off. With an argument N it draws N frames, prints how
 * long drawing and showing took, and switches the machine off itself ({@link Machine#powerOff()}).
 */
public final class Lissajous {
    private static final int CYCLES = 5;               // complete x oscillator revolutions
    private static final double RES = 0.002;           // angular resolution
    private static final long DELAY_MS = 80;           // between frames
    private static final Color BACKGROUND = new Color(0xF4, 0xF1, 0xE8);
    private static final Color INK = new Color(0x1B, 0x26, 0x3B);

    private Lissajous() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        long frames = args.length > 0 ? Long.parseLong(args[0]) : Long.MAX_VALUE;
        Random random = new Random();
        double ratio = random.nextDouble() * 3.0;       // relative frequency of the y oscillator
        Framebuffer screen;
        try {
            screen = Framebuffer.open();
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("graphic: " + e.getMessage());
            System.exit(1);
            return;
        }
        try (Framebuffer fb = screen) {
            int w = fb.width(), h = fb.height();
            System.out.printf("graphic: %d CPU (%s), %d MB, up %.1f s%n", Machine.cpuCount(), Machine.cpuModel(),
                    Machine.memoryTotal() >> 20, Machine.uptime().toMillis() / 1000.0);
            System.out.printf("graphic: %dx%d screen, %d bpp; frequency ratio %.3f%n", w, h, fb.bitsPerPixel(), ratio);
            BufferedImage img = fb.createImage();
            Graphics2D g = img.createGraphics();
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            fb.show(img);

            double size = Math.min(w, h) * 0.45;        // the curve spans [-size, size] around the centre
            double cx = w / 2.0, cy = h / 2.0;
            int pen = Math.max(1, Math.min(w, h) / 384);  // line width in pixels: 2 at 1024x768
            int n = (int) Math.ceil(CYCLES * 2 * Math.PI / RES) + 1;
            int[] xs = new int[n], ys = new int[n];
            g.setColor(INK);
            Rectangle previous = new Rectangle();
            double phase = 0;
            long drawNs = 0, showNs = 0, window = 0;
            long next = System.nanoTime();
            for (long frame = 0; frame < frames; frame++) {
                long t0 = System.nanoTime();
                int minX = w, minY = h, maxX = 0, maxY = 0;
                for (int i = 0; i < n; i++) {
                    double t = i * RES;
                    int x = (int) Math.round(cx + Math.sin(t) * size);
                    int y = (int) Math.round(cy + Math.sin(t * ratio + phase) * size);
                    xs[i] = x;
                    ys[i] = y;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
                Rectangle bounds = new Rectangle(minX, minY, maxX - minX + pen, maxY - minY + pen);
                Rectangle dirty = bounds.union(previous);
                g.setColor(BACKGROUND);
                g.fill(dirty);
                g.setColor(INK);
                for (int dx = 0; dx < pen; dx++) {      // a pen x pen square nib: thin polylines are cheap
                    for (int dy = 0; dy < pen; dy++) {
                        g.translate(dx, dy);
                        g.drawPolyline(xs, ys, n);
                        g.translate(-dx, -dy);
                    }
                }
                long t1 = System.nanoTime();
                fb.show(img, dirty);
                long t2 = System.nanoTime();
                drawNs += t1 - t0;
                showNs += t2 - t1;
                window++;
                if (frame == 0) {
                    System.out.printf("graphic: first frame at %.1f s of uptime%n", Machine.uptime().toMillis() / 1000.0);
                }
                previous = bounds;
                phase += 0.1;
                if ((frame + 1) % 100 == 0 || frame + 1 == frames) {
                    System.out.printf("graphic: frames %d-%d: draw %.1f ms, show %.1f ms per frame%n",
                            frame + 2 - window, frame + 1, drawNs / 1e6 / window, showNs / 1e6 / window);
                    drawNs = showNs = window = 0;
                }
                next += TimeUnit.MILLISECONDS.toNanos(DELAY_MS);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime();           // late: do not try to catch up
                }
            }
        }
        Machine.powerOff();
    }
}
