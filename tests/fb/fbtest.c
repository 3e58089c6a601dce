/* A Linux fbdev program, built static on the host against <linux/fb.h>:
 *   fbtest info          prints what the fbdev ioctls report, and checks
 *                        the calls' edge cases (errno by name)
 *   fbtest draw [SECS]   draws dark shapes on a light background through
 *                        mmap, says "drawn", and stays SECS seconds (default
 *                        0) so that the screen can be looked at.
 * The picture: background 0xE0E0E0; a filled dark rectangle (0x202020) over
 * the middle third of the width, rows 3/8..5/8 of the height; a dark
 * diagonal line 3 pixels thick from (w/8, h/8) to (7w/8, 7h/8). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *errname(int e)
{
    switch (e) {
    case 0: return "0";
    case EINVAL: return "EINVAL";
    case ENODEV: return "ENODEV";
    case ENOTTY: return "ENOTTY";
    case EFAULT: return "EFAULT";
    case EACCES: return "EACCES";
    default: return strerror(e);
    }
}

static void field(const char *name, unsigned long v) { printf("%s=%lu\n", name, v); }

static void print_var(const struct fb_var_screeninfo *v)
{
    field("xres", v->xres);
    field("yres", v->yres);
    field("xres_virtual", v->xres_virtual);
    field("yres_virtual", v->yres_virtual);
    field("xoffset", v->xoffset);
    field("yoffset", v->yoffset);
    field("bits_per_pixel", v->bits_per_pixel);
    printf("red=%u/%u green=%u/%u blue=%u/%u transp=%u/%u\n", v->red.offset, v->red.length,
           v->green.offset, v->green.length, v->blue.offset, v->blue.length, v->transp.offset,
           v->transp.length);
}

static uint32_t pixel(const struct fb_var_screeninfo *v, uint8_t r, uint8_t g, uint8_t b)
{
    return (uint32_t)r >> (8 - v->red.length) << v->red.offset |
           (uint32_t)g >> (8 - v->green.length) << v->green.offset |
           (uint32_t)b >> (8 - v->blue.length) << v->blue.offset;
}

static int info(int fd, const struct fb_var_screeninfo *var, const struct fb_fix_screeninfo *fix)
{
    printf("id=%s\n", fix->id);
    print_var(var);
    field("line_length", fix->line_length);
    field("smem_len", fix->smem_len);
    printf("smem_start nonzero: %s\n", fix->smem_start ? "yes" : "no");
    field("type", fix->type);
    field("visual", fix->visual);
    printf("line_length covers xres: %s\n",
           fix->line_length >= var->xres_virtual * var->bits_per_pixel / 8 ? "yes" : "no");
    printf("smem_len covers the screen: %s\n",
           (unsigned long)fix->line_length * var->yres_virtual <= fix->smem_len ? "yes" : "no");

    /* FB_ACTIVATE_TEST changes nothing. */
    struct fb_var_screeninfo t = *var, after;
    t.xres = 640;
    t.yres = 480;
    t.xres_virtual = t.yres_virtual = 0;
    t.activate = FB_ACTIVATE_TEST;
    int r = ioctl(fd, FBIOPUT_VSCREENINFO, &t);
    ioctl(fd, FBIOGET_VSCREENINFO, &after);
    printf("put test: %s, mode kept: %s\n", r ? errname(errno) : "0",
           after.xres == var->xres && after.yres == var->yres ? "yes" : "no");

    struct fb_var_screeninfo p = *var;
    p.yoffset = var->yres_virtual;         /* past the virtual screen */
    r = ioctl(fd, FBIOPAN_DISPLAY, &p);
    printf("pan past the end: %s\n", r ? errname(errno) : "0");
    p = *var;
    r = ioctl(fd, FBIOPAN_DISPLAY, &p);
    printf("pan to where it is: %s\n", r ? errname(errno) : "0");

    r = ioctl(fd, 0x46FF, 0);
    printf("unknown ioctl: %s\n", r ? errname(errno) : "0");
    r = ioctl(fd, FBIOGET_VSCREENINFO, (void *)8);
    printf("bad pointer: %s\n", r ? errname(errno) : "0");

    /* mmap: whole memory yes, more than it no; a store shows through read(). */
    void *m = mmap(NULL, fix->smem_len + 4096ul * 1024, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap past the end: %s\n", m == MAP_FAILED ? errname(errno) : "mapped");
    uint32_t *fb = mmap(NULL, fix->smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fb == MAP_FAILED) {
        printf("mmap: %s\n", errname(errno));
        return 1;
    }
    uint32_t want = pixel(var, 0x12, 0x34, 0x56), got = 0;
    fb[5] = want;
    pread(fd, &got, 4, 20);
    printf("store through mmap, read back by pread: %s\n", got == want ? "same" : "differs");
    munmap(fb, fix->smem_len);
    return 0;
}

static void fill(uint8_t *fb, const struct fb_fix_screeninfo *fix, int x0, int y0, int x1, int y1,
                 uint32_t c)
{
    for (int y = y0; y < y1; y++) {
        uint32_t *row = (uint32_t *)(fb + (size_t)y * fix->line_length);
        for (int x = x0; x < x1; x++)
            row[x] = c;
    }
}

static int draw(int fd, const struct fb_var_screeninfo *var, const struct fb_fix_screeninfo *fix,
                int secs)
{
    if (var->bits_per_pixel != 32) {
        printf("draw: %u bits per pixel, not 32\n", var->bits_per_pixel);
        return 1;
    }
    uint8_t *fb = mmap(NULL, fix->smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fb == MAP_FAILED) {
        printf("mmap: %s\n", errname(errno));
        return 1;
    }
    int w = var->xres, h = var->yres;
    fb += (size_t)var->yoffset * fix->line_length + var->xoffset * 4;
    uint32_t light = pixel(var, 0xE0, 0xE0, 0xE0), dark = pixel(var, 0x20, 0x20, 0x20);
    fill(fb, fix, 0, 0, w, h, light);
    fill(fb, fix, w / 3, h * 3 / 8, w * 2 / 3, h * 5 / 8, dark);
    for (int i = 0; i <= 1000; i++) {
        int x = w / 8 + (w * 3 / 4) * i / 1000, y = h / 8 + (h * 3 / 4) * i / 1000;
        fill(fb, fix, x - 1, y - 1, x + 2, y + 2, dark);
    }
    printf("drawn %dx%d\n", w, h);
    fflush(stdout);
    sleep(secs);
    return 0;
}

int main(int argc, char **argv)
{
    int fd = open("/dev/fb0", O_RDWR);
    if (fd < 0) {
        printf("open /dev/fb0: %s\n", errname(errno));
        return 2;
    }
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    if (ioctl(fd, FBIOGET_VSCREENINFO, &var) || ioctl(fd, FBIOGET_FSCREENINFO, &fix)) {
        printf("ioctl: %s\n", errname(errno));
        return 2;
    }
    if (argc > 1 && strcmp(argv[1], "draw") == 0)
        return draw(fd, &var, &fix, argc > 2 ? atoi(argv[2]) : 0);
    return info(fd, &var, &fix);
}
