/* The Bochs/QEMU VGA (PCI 1234:1111, QEMU's -vga std): a linear
 * framebuffer at BAR0, and the DISPI registers, reached through ports
 * 0x1CE/0x1CF, to set its mode. Without a mode from the boot loader it
 * starts at 1024x768x32; /dev/fb0 can then change the mode and pan. */
#include "drivers/fb.h"
#include "drivers/pci.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"

#define DISPI_INDEX 0x1CE
#define DISPI_DATA  0x1CF
enum {
    DISPI_ID, DISPI_XRES, DISPI_YRES, DISPI_BPP, DISPI_ENABLE, DISPI_BANK,
    DISPI_VIRT_WIDTH, DISPI_VIRT_HEIGHT, DISPI_X_OFFSET, DISPI_Y_OFFSET,
};
#define DISPI_ID0 0xB0C0           /* IDs B0C0..B0C5: every version has these registers */
#define DISPI_ID5 0xB0C5
#define DISPI_ENABLED 0x01
#define DISPI_LFB 0x40

/* QEMU's limits (VBE_DISPI_MAX_XRES/YRES); widths are multiples of 8. */
#define MAX_XRES 16000
#define MAX_YRES 12000
#define BOOT_XRES 1024
#define BOOT_YRES 768

static struct fb_info bochs_fb;

static uint16_t dispi_read(int reg)
{
    outw(DISPI_INDEX, (uint16_t)reg);
    return inw(DISPI_DATA);
}

static void dispi_write(int reg, uint16_t v)
{
    outw(DISPI_INDEX, (uint16_t)reg);
    outw(DISPI_DATA, v);
}

/* 32 bpp XRGB, the only depth offered: what Java2D draws fastest. */
static void set_format(struct fb_var_screeninfo *v)
{
    v->bits_per_pixel = 32;
    v->red = (struct fb_bitfield){ 16, 8, 0 };
    v->green = (struct fb_bitfield){ 8, 8, 0 };
    v->blue = (struct fb_bitfield){ 0, 8, 0 };
    v->transp = (struct fb_bitfield){ 0, 0, 0 };
    v->height = v->width = 0xFFFFFFFF;
    v->vmode = FB_VMODE_NONINTERLACED;
}

static int bochs_check_var(struct fb_var_screeninfo *v, struct fb_info *info)
{
    if (v->bits_per_pixel && v->bits_per_pixel != 32)
        return -EINVAL;
    v->xres = ALIGN_UP(v->xres, 8);
    v->xres_virtual = ALIGN_UP(MAX(v->xres_virtual, v->xres), 8);
    v->yres_virtual = MAX(v->yres_virtual, v->yres);
    if (!v->xres || !v->yres || v->xres_virtual > MAX_XRES || v->yres_virtual > MAX_YRES ||
        (uint64_t)v->xres_virtual * v->yres_virtual * 4 > info->fix.smem_len)
        return -EINVAL;
    if (v->xoffset > v->xres_virtual - v->xres || v->yoffset > v->yres_virtual - v->yres)
        v->xoffset = v->yoffset = 0;
    set_format(v);
    return 0;
}

static int bochs_set_par(struct fb_info *info)
{
    struct fb_var_screeninfo *v = &info->var;
    dispi_write(DISPI_ENABLE, 0);
    dispi_write(DISPI_XRES, (uint16_t)v->xres);
    dispi_write(DISPI_YRES, (uint16_t)v->yres);
    dispi_write(DISPI_BPP, 32);
    dispi_write(DISPI_ENABLE, DISPI_ENABLED | DISPI_LFB);
    dispi_write(DISPI_VIRT_WIDTH, (uint16_t)v->xres_virtual);
    dispi_write(DISPI_X_OFFSET, (uint16_t)v->xoffset);
    dispi_write(DISPI_Y_OFFSET, (uint16_t)v->yoffset);
    info->fix.line_length = v->xres_virtual * 4;
    /* Let the VGA attribute controller show the picture (bit 5, palette
     * address source); the read resets its index/data flip-flop. */
    inb(0x3DA);
    outb(0x3C0, 0x20);
    return 0;
}

static int bochs_pan_display(struct fb_var_screeninfo *v, struct fb_info *info)
{
    dispi_write(DISPI_X_OFFSET, (uint16_t)v->xoffset);
    dispi_write(DISPI_Y_OFFSET, (uint16_t)v->yoffset);
    return 0;
}

static const struct fb_ops bochs_ops = {
    .check_var = bochs_check_var, .set_par = bochs_set_par, .pan_display = bochs_pan_display,
};

/* The mode the firmware or GRUB left, when it is one we drive. */
static bool adopt_mode(struct fb_var_screeninfo *v)
{
    if ((dispi_read(DISPI_ENABLE) & (DISPI_ENABLED | DISPI_LFB)) != (DISPI_ENABLED | DISPI_LFB) ||
        dispi_read(DISPI_BPP) != 32)
        return false;
    v->xres = dispi_read(DISPI_XRES);
    v->yres = dispi_read(DISPI_YRES);
    v->xres_virtual = dispi_read(DISPI_VIRT_WIDTH);
    v->yres_virtual = v->yres;
    v->xoffset = dispi_read(DISPI_X_OFFSET);
    v->yoffset = dispi_read(DISPI_Y_OFFSET);
    return v->xres && v->yres && v->xres_virtual >= v->xres;
}

static int bochs_probe(struct pci_dev *d)
{
    struct pci_bar *vram = &d->bar[0];
    uint16_t id = dispi_read(DISPI_ID);
    if (vram->io || !vram->addr || id < DISPI_ID0 || id > DISPI_ID5)
        return -ENODEV;
    /* The loader's framebuffer on another card: that one stays /dev/fb0. */
    const struct boot_fb *b = fb_boot_info();
    if (b && (b->phys < vram->addr || b->phys >= vram->addr + vram->size))
        return -ENODEV;
    pci_enable(d);
    struct fb_info *info = &bochs_fb;
    strlcpy(info->fix.id, "bochsdrmfb", sizeof(info->fix.id));
    info->fix.smem_start = vram->addr;
    info->fix.smem_len = (uint32_t)MIN(vram->size, 256ul << 20);
    info->fix.type = FB_TYPE_PACKED_PIXELS;
    info->fix.visual = FB_VISUAL_TRUECOLOR;
    info->fix.xpanstep = info->fix.ypanstep = 1;
    info->fix.accel = FB_ACCEL_NONE;
    info->fbops = &bochs_ops;
    info->par = d;
    struct fb_var_screeninfo *v = &info->var;
    if (b && adopt_mode(v)) {
        set_format(v);
        info->fix.line_length = v->xres_virtual * 4;
    } else {
        *v = (struct fb_var_screeninfo){ .xres = BOOT_XRES, .yres = BOOT_YRES };
        if (bochs_check_var(v, info))
            return -ENODEV;
        bochs_set_par(info);
    }
    register_framebuffer(info);
    return 0;
}

static const struct pci_id bochs_ids[] = { { 0x1234, 0x1111 }, { 0, 0 } };
static const struct pci_driver bochs_driver = { .name = "bochs-vga", .ids = bochs_ids, .probe = bochs_probe };
PCI_DRIVER(bochs_driver);
