package dev.eggos;

import java.util.Locale;

/**
 * How a framebuffer stores one pixel: its size in bits and where red, green, blue (and, if
 * any, alpha) sit in the little-endian pixel value, as Linux's {@code fb_var_screeninfo}
 * describes it ({@code bits_per_pixel} and the {@code red}, {@code green}, {@code blue},
 * {@code transp} bitfields). {@link #pack(int)} turns a Java {@code 0xAARRGGBB} colour into
 * the device's value; it is a pure function.
 */
final class PixelFormat {
    /** The format of nearly every PC framebuffer today (VBE, UEFI GOP, QEMU): 32-bit XRGB. */
    static final PixelFormat XRGB8888 = new PixelFormat(32, 8, 16, 8, 8, 8, 0, 0, 0);

    final int bitsPerPixel;
    final int bytesPerPixel;
    final int redLength, redOffset, greenLength, greenOffset, blueLength, blueOffset;
    final int alphaLength, alphaOffset;
    /* 32-bit pixels laid out as Java's int RGB: ints copy without conversion. */
    final boolean isIntRgb;

    PixelFormat(int bitsPerPixel, int redLength, int redOffset, int greenLength, int greenOffset,
            int blueLength, int blueOffset, int alphaLength, int alphaOffset) {
        if (bitsPerPixel != 16 && bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw new IllegalArgumentException("unsupported framebuffer depth: " + bitsPerPixel
                    + " bits per pixel (16, 24 and 32 are)");
        }
        int[][] fields = { { redLength, redOffset }, { greenLength, greenOffset }, { blueLength, blueOffset },
                { alphaLength, alphaOffset } };
        for (int[] f : fields) {
            if (f[0] < 0 || f[0] > 16 || f[1] < 0 || f[0] + f[1] > bitsPerPixel) {
                throw new IllegalArgumentException("bad colour bitfield " + f[0] + "/" + f[1] + " for "
                        + bitsPerPixel + " bits per pixel");
            }
        }
        if (redLength == 0 || greenLength == 0 || blueLength == 0) {
            throw new IllegalArgumentException("not a true-colour framebuffer (a colour has no bits)");
        }
        this.bitsPerPixel = bitsPerPixel;
        this.bytesPerPixel = bitsPerPixel / 8;
        this.redLength = redLength;
        this.redOffset = redOffset;
        this.greenLength = greenLength;
        this.greenOffset = greenOffset;
        this.blueLength = blueLength;
        this.blueOffset = blueOffset;
        this.alphaLength = alphaLength;
        this.alphaOffset = alphaOffset;
        this.isIntRgb = bitsPerPixel == 32 && redLength == 8 && redOffset == 16 && greenLength == 8
                && greenOffset == 8 && blueLength == 8 && blueOffset == 0
                && (alphaLength == 0 || (alphaLength == 8 && alphaOffset == 24));
    }

    /**
     * The format {@code /sys/class/graphics/fb0/rgba} describes with {@code bits} bits per pixel.
     * The file holds {@code length/offset} of red, green, blue and transp, comma-separated, as
     * fbset prints them: {@code 8/16,8/8,8/0,0/0}. Without it (null), the usual layout for the
     * depth: XRGB8888, RGB888 or RGB565.
     */
    static PixelFormat parse(int bits, String rgba) {
        if (rgba == null || rgba.isBlank()) {
            switch (bits) {
                case 32:
                    return XRGB8888;
                case 24:
                    return new PixelFormat(24, 8, 16, 8, 8, 8, 0, 0, 0);
                case 16:
                    return new PixelFormat(16, 5, 11, 6, 5, 5, 0, 0, 0);
                default:
                    throw new IllegalArgumentException("unsupported framebuffer depth: " + bits + " bits per pixel");
            }
        }
        String[] parts = rgba.trim().split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad colour layout: " + rgba.trim());
        }
        int[] v = new int[8];
        for (int i = 0; i < 4; i++) {
            String[] lo = parts[i].trim().split("/");
            if (lo.length != 2) {
                throw new IllegalArgumentException("bad colour layout: " + rgba.trim());
            }
            try {
                v[2 * i] = Integer.parseInt(lo[0].trim());
                v[2 * i + 1] = Integer.parseInt(lo[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad colour layout: " + rgba.trim(), e);
            }
        }
        return new PixelFormat(bits, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /** One 8-bit channel scaled to {@code length} bits (more bits repeat the top ones, as displays do). */
    private static int scale(int c, int length) {
        if (length <= 8) {
            return c >>> (8 - length);
        }
        int wide = c << (length - 8);
        return wide | (c >>> (16 - length)) & ((1 << (length - 8)) - 1);
    }

    /**
     * The device's pixel value for a Java colour {@code 0xAARRGGBB}. Alpha, when the device
     * has an alpha field, is taken from the colour (so images without alpha give opaque
     * pixels only through {@link java.awt.image.BufferedImage#getRGB}, which reports 0xFF).
     */
    int pack(int argb) {
        if (isIntRgb) {
            return alphaLength == 0 ? argb & 0xFFFFFF : argb;
        }
        int v = scale((argb >>> 16) & 0xFF, redLength) << redOffset
                | scale((argb >>> 8) & 0xFF, greenLength) << greenOffset
                | scale(argb & 0xFF, blueLength) << blueOffset;
        if (alphaLength > 0) {
            v |= scale(argb >>> 24, alphaLength) << alphaOffset;
        }
        return v;
    }

    /** As the rgba file and fbset say it: {@code 32 bpp 8/16,8/8,8/0,0/0}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d bpp %d/%d,%d/%d,%d/%d,%d/%d", bitsPerPixel, redLength, redOffset,
                greenLength, greenOffset, blueLength, blueOffset, alphaLength, alphaOffset);
    }
}
