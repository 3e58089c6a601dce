package dev.eggos;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's screen: eggos's {@code /dev/fb0}, the linear framebuffer that the boot loader
 * (GRUB, by VBE on BIOS PCs and GOP on UEFI ones) or the kernel's VGA driver set up.
 *
 * <p>Draw with plain Java2D on a {@link BufferedImage} (headless AWT is enough) and
 * {@linkplain #show(BufferedImage) show} it: the pixels are copied into the framebuffer in the
 * device's pixel format (32-bit XRGB and other 32, 24 and 16 bits per pixel layouts). Images of
 * {@link BufferedImage#TYPE_INT_RGB} or {@link BufferedImage#TYPE_INT_ARGB} (as
 * {@link #createImage()} makes) copy fastest: rows of their {@code int} raster go to the
 * screen's memory as bulk copies.
 *
 * <pre>{@code
 * try (Framebuffer fb = Framebuffer.open()) {
 *     BufferedImage img = fb.createImage();
 *     Graphics2D g = img.createGraphics();
 *     g.setColor(Color.WHITE);
 *     g.fillRect(0, 0, fb.width(), fb.height());
 *     ...
 *     fb.show(img);
 * }
 * }</pre>
 *
 * <p>The library needs no JNI: the geometry comes from {@code /sys/class/graphics/fb0/}
 * (Linux's fbdev attributes, plus eggos's {@code rgba} with the colour bitfields) and the
 * pixels reach the screen through a shared mapping of {@code /dev/fb0}
 * ({@link FileChannel#map}), mapped write-combining by the kernel. Without a screen (plain
 * {@code egg run}, which has no display device) {@link #open()} throws an {@link IOException}
 * that says so; outside eggos it throws {@link UnsupportedOperationException}.
 */
public final class Framebuffer implements AutoCloseable {
    private static final Path DEVICE = Path.of("/dev/fb0");
    private static final Path SYSFS = Path.of("/sys/class/graphics/fb0");
    private static final Pattern MODE = Pattern.compile("(\\d+)x(\\d+)");

    private final int width;
    private final int height;
    private final int stride;
    private final PixelFormat format;
    /* Byte offset of the visible screen's corner in the memory (panning). */
    private final int base;
    /* The screen's memory (or, when it could not be mapped, a copy flushed by positional writes). */
    private final ByteBuffer screen;
    /* Int view of screen for 32-bit pixels at 4-byte aligned rows; null otherwise. */
    private final IntBuffer screenInts;
    /* Non-null when screen is a copy: where to write it. */
    private final FileChannel flushTo;
    private final FileChannel channel;
    private int[] rowInts = new int[0];
    private byte[] rowBytes = new byte[0];
    private boolean closed;

    Framebuffer(int width, int height, int stride, PixelFormat format, int base, ByteBuffer screen,
            FileChannel channel, FileChannel flushTo) {
        if (width <= 0 || height <= 0 || stride < width * format.bytesPerPixel) {
            throw new IllegalArgumentException("bad framebuffer geometry: " + width + "x" + height + ", stride "
                    + stride);
        }
        if ((long) base + (long) (height - 1) * stride + (long) width * format.bytesPerPixel > screen.capacity()) {
            throw new IllegalArgumentException("the framebuffer's memory is smaller than its geometry");
        }
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.format = format;
        this.base = base;
        this.screen = screen.order(ByteOrder.LITTLE_ENDIAN);
        boolean ints = format.bytesPerPixel == 4 && stride % 4 == 0 && base % 4 == 0
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        this.screenInts = ints ? this.screen.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer() : null;
        this.channel = channel;
        this.flushTo = flushTo;
    }

    /**
     * Opens the screen.
     *
     * @return the framebuffer, showing whatever was on the screen before
     * @throws IOException when the machine has no screen or its framebuffer cannot be mapped
     * @throws UnsupportedOperationException when not running on eggos
     */
    public static Framebuffer open() throws IOException {
        Eggos.require();
        FileChannel ch;
        try {
            ch = FileChannel.open(DEVICE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new IOException("this machine has no screen (no " + DEVICE + ")", e);
        } catch (FileSystemException e) {
            throw new IOException("this machine has no screen (" + DEVICE + ": " + e.getReason()
                    + "): run the program with `egg run --graphic`, or from an ISO made by `egg pack`", e);
        }
        try {
            int[] mode = mode(attribute("mode"));
            int[] virtual = pair(attribute("virtual_size"), ',');
            int[] pan = pair(attribute("pan"), ',');
            int bits = Integer.parseInt(attribute("bits_per_pixel"));
            int stride = Integer.parseInt(attribute("stride"));
            String rgba = Files.exists(SYSFS.resolve("rgba")) ? attribute("rgba") : null;
            PixelFormat format = PixelFormat.parse(bits, rgba);
            int width = mode[0];
            int height = mode[1];
            long length = (long) stride * Math.max(virtual[1], height);
            if (length > Integer.MAX_VALUE) {
                throw new IOException("framebuffer too large to map: " + length + " bytes");
            }
            int base = pan[1] * stride + pan[0] * format.bytesPerPixel;
            ByteBuffer mem;
            FileChannel flushTo = null;
            try {
                mem = ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
            } catch (IOException e) {
                // No shared mapping: keep a copy here and write the changed rows with pwrite.
                mem = ByteBuffer.allocateDirect((int) length);
                flushTo = ch;
            }
            return new Framebuffer(width, height, stride, format, base, mem, ch, flushTo);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof IllegalArgumentException) {
                throw new IOException("unexpected framebuffer description in " + SYSFS + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static String attribute(String name) throws IOException {
        return new String(Files.readAllBytes(SYSFS.resolve(name)), StandardCharsets.US_ASCII).trim();
    }

    /* Linux's mode string, "U:1024x768p-0": the visible resolution. */
    static int[] mode(String s) {
        Matcher m = MODE.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no resolution in mode \"" + s + "\"");
        }
        return new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) };
    }

    private static int[] pair(String s, char sep) {
        int i = s.indexOf(sep);
        if (i < 0) {
            throw new IllegalArgumentException("expected two numbers in \"" + s + "\"");
        }
        return new int[] { Integer.parseInt(s.substring(0, i).trim()), Integer.parseInt(s.substring(i + 1).trim()) };
    }

    /**
     * The visible screen's width.
     *
     * @return the width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * The visible screen's height.
     *
     * @return the height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * The distance between the starts of two rows in the framebuffer's memory.
     *
     * @return the stride in bytes (Linux's {@code line_length})
     */
    public int stride() {
        return stride;
    }

    /**
     * The size of one pixel in the framebuffer's memory.
     *
     * @return 16, 24 or 32
     */
    public int bitsPerPixel() {
        return format.bitsPerPixel;
    }

    /**
     * A new image of the screen's size in the format that {@link #show} copies fastest.
     *
     * @return a black {@link BufferedImage#TYPE_INT_RGB} image, {@link #width()} by {@link #height()}
     */
    public BufferedImage createImage() {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /**
     * Shows an image: its top-left corner goes to the screen's top-left corner; what does not
     * fit on the screen is left out, and the screen outside the image keeps what it had.
     *
     * @param image the picture, of any {@link BufferedImage} type
     * @throws IOException when the pixels could not be written
     */
    public void show(BufferedImage image) throws IOException {
        show(image, new Rectangle(0, 0, image.getWidth(), image.getHeight()));
    }

    /**
     * Shows the part {@code dirty} of an image (in the image's coordinates, which are the
     * screen's): only those pixels are copied, so a small change costs little.
     *
     * @param image the picture, of any {@link BufferedImage} type
     * @param dirty the part that changed since the last {@code show}; clipped to the image and
     *        the screen
     * @throws IOException when the pixels could not be written
     */
    public synchronized void show(BufferedImage image, Rectangle dirty) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(dirty, "dirty");
        if (closed) {
            throw new IllegalStateException("framebuffer closed");
        }
        Rectangle r = dirty.intersection(new Rectangle(0, 0, Math.min(image.getWidth(), width),
                Math.min(image.getHeight(), height)));
        if (r.isEmpty()) {
            return;
        }
        IntRaster raw = IntRaster.of(image);
        for (int y = r.y; y < r.y + r.height; y++) {
            copyRow(image, raw, r.x, y, r.width);
        }
        if (flushTo != null) {
            flush(r);
        }
    }

    private void copyRow(BufferedImage image, IntRaster raw, int x, int y, int w) {
        int dst = base + y * stride + x * format.bytesPerPixel;
        int[] src;
        int srcOff;
        if (raw != null) {
            src = raw.data;
            srcOff = raw.index(x, y);
        } else {
            src = ints(w);
            srcOff = 0;
            image.getRGB(x, y, w, 1, src, 0, w);
        }
        if (screenInts != null) {
            int opaque = raw != null && !raw.hasAlpha ? 0xFF000000 : 0;
            if (format.isIntRgb && (format.alphaLength == 0 || opaque == 0)) {
                screenInts.put(dst >>> 2, src, srcOff, w);
                return;
            }
            int[] row = src == rowInts ? src : ints(w);
            for (int i = 0; i < w; i++) {
                row[i] = format.pack(src[srcOff + i] | opaque);
            }
            screenInts.put(dst >>> 2, row, 0, w);
            return;
        }
        int bpp = format.bytesPerPixel;
        int opaque = raw != null && !raw.hasAlpha ? 0xFF000000 : 0;
        byte[] row = bytes(w * bpp);
        for (int i = 0, o = 0; i < w; i++, o += bpp) {
            int v = format.pack(src[srcOff + i] | opaque);
            row[o] = (byte) v;
            row[o + 1] = (byte) (v >>> 8);
            if (bpp > 2) {
                row[o + 2] = (byte) (v >>> 16);
            }
            if (bpp > 3) {
                row[o + 3] = (byte) (v >>> 24);
            }
        }
        screen.put(dst, row, 0, w * bpp);
    }

    private void flush(Rectangle r) throws IOException {
        int bpp = format.bytesPerPixel;
        if (r.x == 0 && r.width == width && stride == width * bpp) {
            write(base + r.y * stride, r.height * stride);
            return;
        }
        for (int y = r.y; y < r.y + r.height; y++) {
            write(base + y * stride + r.x * bpp, r.width * bpp);
        }
    }

    private void write(int pos, int len) throws IOException {
        ByteBuffer part = screen.slice(pos, len);
        long at = pos;
        while (part.hasRemaining()) {
            at += flushTo.write(part, at);
        }
    }

    private int[] ints(int n) {
        if (rowInts.length < n) {
            rowInts = new int[n];
        }
        return rowInts;
    }

    private byte[] bytes(int n) {
        if (rowBytes.length < n) {
            rowBytes = new byte[n];
        }
        return rowBytes;
    }

    /**
     * Lets go of the device. The screen keeps its picture. Further {@code show} calls throw
     * {@link IllegalStateException}.
     *
     * @throws IOException when closing the device fails
     */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    /** Describes the screen: size, stride and pixel format. */
    @Override
    public String toString() {
        return "Framebuffer[" + width + "x" + height + ", stride " + stride + ", " + format
                + (flushTo != null ? ", written with pwrite" : "") + "]";
    }

    /** The int[] behind an image whose pixels are 0x(AA)RRGGBB ints, or null. */
    private static final class IntRaster {
        private static final int[] RGB = { 0xFF0000, 0xFF00, 0xFF };
        private static final int[] ARGB = { 0xFF0000, 0xFF00, 0xFF, 0xFF000000 };

        final int[] data;
        final int offset;
        final int scanline;
        final int tx;
        final int ty;
        final boolean hasAlpha;

        private IntRaster(int[] data, int offset, int scanline, int tx, int ty, boolean hasAlpha) {
            this.data = data;
            this.offset = offset;
            this.scanline = scanline;
            this.tx = tx;
            this.ty = ty;
            this.hasAlpha = hasAlpha;
        }

        static IntRaster of(BufferedImage image) {
            WritableRaster raster = image.getRaster();
            SampleModel sm = raster.getSampleModel();
            DataBuffer db = raster.getDataBuffer();
            if (!(db instanceof DataBufferInt) || db.getNumBanks() != 1
                    || !(sm instanceof SinglePixelPackedSampleModel)
                    || !(image.getColorModel() instanceof DirectColorModel)
                    || !image.getColorModel().getColorSpace().isCS_sRGB()
                    || image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_RGB) {
                return null;
            }
            int[] masks = ((SinglePixelPackedSampleModel) sm).getBitMasks();
            boolean alpha = Arrays.equals(masks, ARGB);
            if (!alpha && !Arrays.equals(masks, RGB)) {
                return null;
            }
            return new IntRaster(((DataBufferInt) db).getData(), db.getOffset(),
                    ((SinglePixelPackedSampleModel) sm).getScanlineStride(), raster.getSampleModelTranslateX(),
                    raster.getSampleModelTranslateY(), alpha);
        }

        int index(int x, int y) {
            return offset + (y - ty) * scanline + (x - tx);
        }
    }
}
