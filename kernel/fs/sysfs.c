/* /sys: the CPU lists glibc's get_nprocs_conf and HotSpot's processor count
 * read, the transparent huge page settings HotSpot checks for
 * -XX:+UseTransparentHugePages, and the framebuffer's attributes (so that
 * a program without ioctl, such as the eggos Java library, learns the
 * screen's geometry). */
#include "arch/x86_64/cpu.h"
#include "drivers/fb.h"
#include "fs/pseudo.h"
#include "fs/sysfs.h"

/* "0" for one CPU, else "0-N", as Linux prints a cpumask list. */
static void show_cpus(struct seqbuf *s)
{
    int n = cpu_count();
    if (n == 1)
        seq_puts(s, "0\n");
    else
        seq_printf(s, "0-%d\n", n - 1);
}

/* /sys/class/graphics/fb0, there while the machine has a screen. The
 * files Linux's fbsysfs.c has, in its formats, plus "rgba": the colour
 * bitfields (length/offset of red, green, blue, transp, as fbset prints
 * them), which Linux tells only through FBIOGET_VSCREENINFO. */
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
#define DIR(n, kids) { .name = n, .mode = S_IFDIR | 0755, .children = kids }

static const struct pseudo_entry cpu[] = {
    FILE_SHOW("online", show_cpus),
    FILE_SHOW("possible", show_cpus),
    FILE_SHOW("present", show_cpus),
    { 0 },
};
static const struct pseudo_entry system[] = { DIR("cpu", cpu), { 0 } };
static const struct pseudo_entry devices[] = { DIR("system", system), { 0 } };

static const struct pseudo_entry thp[] = {
    FILE_TEXT("enabled", "always [madvise] never\n"),
    FILE_TEXT("defrag", "always defer defer+madvise [madvise] never\n"),
    FILE_TEXT("hpage_pmd_size", "2097152\n"),
    { 0 },
};
static const struct pseudo_entry mm[] = { DIR("transparent_hugepage", thp), { 0 } };
static const struct pseudo_entry kernel[] = { DIR("mm", mm), { 0 } };

static const struct pseudo_entry fb0[] = {
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
static const struct pseudo_entry graphics[] = {
    { .name = "fb0", .mode = S_IFDIR | 0755, .children = fb0, .present = fb_present },
    { 0 },
};
static const struct pseudo_entry class[] = { DIR("graphics", graphics), { 0 } };

static const struct pseudo_entry sys_entries[] = {
    DIR("class", class),
    DIR("devices", devices),
    DIR("kernel", kernel),
    { 0 },
};

static const struct pseudo_entry sys_root = DIR("sys", sys_entries);

struct vnode *sysfs_new(void)
{
    /* Attribute files report 4096 bytes, as Linux's. */
    return pseudo_new("sysfs", SYSFS_MAGIC, &sys_root, 4096);
}
