/* /sys/class/graphics/fb0, there while the machine has a screen: a
 * program without ioctl (the eggos Java library) learns the screen's
 * geometry here. The files Linux's fbsysfs.c has, in its formats, plus
 * "rgba": the colour bitfields (length/offset of red, green, blue,
 * transp, as fbset prints them), which Linux tells only through
 * FBIOGET_VSCREENINFO. */
#include "drivers/fb.h"
#include "fs/pseudo.h"

static bool fb_present(void)
{
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    return fb_screeninfo(&var, &fix);
}

#define FB_SHOW(attr, ...)                                  \
    static void show_fb_##attr(struct seqbuf *s)            \
    {                                                       \
        struct fb_var_screeninfo var;                       \
        struct fb_fix_screeninfo fix;                       \
        if (fb_screeninfo(&var, &fix))                      \
            seq_printf(s, __VA_ARGS__);                     \
    }

FB_SHOW(name, "%s\n", fix.id)
FB_SHOW(bits_per_pixel, "%u\n", var.bits_per_pixel)
FB_SHOW(virtual_size, "%u,%u\n", var.xres_virtual, var.yres_virtual)
FB_SHOW(stride, "%u\n", fix.line_length)
FB_SHOW(pan, "%u,%u\n", var.xoffset, var.yoffset)
FB_SHOW(mode, "U:%ux%up-0\n", var.xres, var.yres)
FB_SHOW(rgba, "%u/%u,%u/%u,%u/%u,%u/%u\n", var.red.length, var.red.offset, var.green.length,
        var.green.offset, var.blue.length, var.blue.offset, var.transp.length, var.transp.offset)

#define FILE_SHOW(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define FILE_TEXT(n, t) { .name = n, .mode = S_IFREG | 0444, .text = t }

static const struct pseudo_entry fb0_files[] = {
    FILE_SHOW("bits_per_pixel", show_fb_bits_per_pixel),
    FILE_TEXT("dev", "29:0\n"),
    FILE_SHOW("mode", show_fb_mode),
    FILE_SHOW("modes", show_fb_mode),
    FILE_SHOW("name", show_fb_name),
    FILE_SHOW("pan", show_fb_pan),
    FILE_SHOW("rgba", show_fb_rgba),
    FILE_SHOW("stride", show_fb_stride),
    FILE_SHOW("virtual_size", show_fb_virtual_size),
    { 0 },
};
PSEUDO_ENTRY(fb0, "/sys/class/graphics",
             { .name = "fb0", .mode = S_IFDIR | 0755, .children = fb0_files, .present = fb_present });
