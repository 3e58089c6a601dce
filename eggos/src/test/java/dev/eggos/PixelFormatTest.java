package dev.eggos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Java colours to framebuffer pixels. */
class PixelFormatTest {

    @Test
    void xrgb8888KeepsTheColourAndDropsAlpha() {
        PixelFormat f = PixelFormat.parse(32, "8/16,8/8,8/0,0/0\n");
        assertTrue(f.isIntRgb);
        assertEquals(0x123456, f.pack(0xFF123456));
        assertEquals(0x123456, f.pack(0x00123456));
        assertEquals("32 bpp 8/16,8/8,8/0,0/0", f.toString());
    }

    @Test
    void argb8888KeepsAlpha() {
        PixelFormat f = PixelFormat.parse(32, "8/16,8/8,8/0,8/24");
        assertTrue(f.isIntRgb);
        assertEquals(0x80123456, f.pack(0x80123456));
    }

    @Test
    void bgrx8888SwapsRedAndBlue() {
        PixelFormat f = PixelFormat.parse(32, "8/0,8/8,8/16,0/0");
        assertFalse(f.isIntRgb);
        assertEquals(0x563412, f.pack(0xFF123456));
        assertEquals(0x0000FF, f.pack(0xFFFF0000));   // red is the low byte
    }

    @Test
    void rgb888() {
        PixelFormat f = PixelFormat.parse(24, "8/16,8/8,8/0,0/0");
        assertEquals(3, f.bytesPerPixel);
        assertEquals(0xABCDEF, f.pack(0xFFABCDEF));
    }

    @Test
    void rgb565TakesTheTopBits() {
        PixelFormat f = PixelFormat.parse(16, "5/11,6/5,5/0,0/0");
        assertEquals(2, f.bytesPerPixel);
        assertEquals(0xFFFF, f.pack(0xFFFFFFFF));
        assertEquals(0x0000, f.pack(0xFF070307));   // below one step of each channel
        assertEquals(0xF800, f.pack(0xFFFF0000));
        assertEquals(0x07E0, f.pack(0xFF00FF00));
        assertEquals(0x001F, f.pack(0xFF0000FF));
        assertEquals((0x12 >> 3) << 11 | (0x34 >> 2) << 5 | (0x56 >> 3), f.pack(0xFF123456));
    }

    @Test
    void tenBitChannelsRepeatTheTopBits() {
        PixelFormat f = PixelFormat.parse(32, "10/20,10/10,10/0,2/30");
        assertEquals(0x3FF, f.pack(0x000000FF));
        assertEquals(0, f.pack(0x00000000));
        assertEquals(0x3FF << 20 | 3 << 30, f.pack(0xFFFF0000));
        assertEquals(0x80 << 2 | 0x2, f.pack(0x00000080));
    }

    @Test
    void withoutTheRgbaFileTheUsualLayouts() {
        assertSame(PixelFormat.XRGB8888, PixelFormat.parse(32, null));
        assertEquals("24 bpp 8/16,8/8,8/0,0/0", PixelFormat.parse(24, "").toString());
        assertEquals("16 bpp 5/11,6/5,5/0,0/0", PixelFormat.parse(16, null).toString());
    }

    @Test
    void rejectsWhatItCannotShow() {
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(8, null));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(15, "5/10,5/5,5/0,0/0"));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(32, "8/16,8/8,8/0"));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(32, "8/16,8/8,x/0,0/0"));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(16, "8/16,8/8,8/0,0/0"));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse(32, "0/0,8/8,8/0,0/0"));
    }
}
