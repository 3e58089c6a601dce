/* Framebuffers: Linux's fbdev ABI (<linux/fb.h>, the subset programs use)
 * and the interface between /dev/fb0 (drivers/fb.c) and the drivers that
 * provide it (drivers/bochs.c, and the boot loader's framebuffer). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define FBIOGET_VSCREENINFO 0x4600
#define FBIOPUT_VSCREENINFO 0x4601
#define FBIOGET_FSCREENINFO 0x4602
#define FBIOGETCMAP         0x4604
#define FBIOPUTCMAP         0x4605
#define FBIOPAN_DISPLAY     0x4606
#define FBIOBLANK           0x4611

#define FB_TYPE_PACKED_PIXELS 0
#define FB_VISUAL_TRUECOLOR   2
#define FB_ACCEL_NONE         0
#define FB_ACTIVATE_NOW       0
#define FB_ACTIVATE_TEST      2
#define FB_ACTIVATE_MASK      15
#define FB_VMODE_NONINTERLACED 0

struct fb_bitfield {
    uint32_t offset;           /* position of the least significant bit */
    uint32_t length;
    uint32_t msb_right;
};

struct fb_var_screeninfo {
    uint32_t xres, yres;                   /* visible */
    uint32_t xres_virtual, yres_virtual;   /* the memory's, for panning */
    uint32_t xoffset, yoffset;             /* the visible part's corner */
    uint32_t bits_per_pixel, grayscale;
    struct fb_bitfield red, green, blue, transp;
    uint32_t nonstd, activate;
    uint32_t height, width;                /* in mm; -1 when unknown */
    uint32_t accel_flags;
    uint32_t pixclock, left_margin, right_margin, upper_margin, lower_margin;
    uint32_t hsync_len, vsync_len, sync, vmode, rotate, colorspace;
    uint32_t reserved[4];
};

struct fb_fix_screeninfo {
    char id[16];
    unsigned long smem_start;              /* physical address of the memory mmap maps */
    uint32_t smem_len;
    uint32_t type, type_aux, visual;
    uint16_t xpanstep, ypanstep, ywrapstep;
    uint32_t line_length;                  /* bytes per line */
    unsigned long mmio_start;
    uint32_t mmio_len;
    uint32_t accel;
    uint16_t capabilities;
    uint16_t reserved[2];
};

/* The sizes <linux/fb.h> has on x86-64 (tests/fb/fbtest.c reads them
 * through the host's header). */
_Static_assert(sizeof(struct fb_var_screeninfo) == 160, "fb_var_screeninfo as Linux's");
_Static_assert(sizeof(struct fb_fix_screeninfo) == 80, "fb_fix_screeninfo as Linux's");

struct fb_info;

/* What a driver can do beyond showing a fixed mode; each may be NULL. */
struct fb_ops {
    /* Rounds *var up to a mode the device can show: 0, or -EINVAL. */
    int (*check_var)(struct fb_var_screeninfo *var, struct fb_info *info);
    /* Shows info->var (already checked). */
    int (*set_par)(struct fb_info *info);
    /* Shows the part of the virtual screen at var's offsets (checked). */
    int (*pan_display)(struct fb_var_screeninfo *var, struct fb_info *info);
};

struct fb_info {
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    const struct fb_ops *fbops;
    void *par;                             /* the driver's */
};

/* Makes info /dev/fb0, replacing the boot loader's framebuffer (a driver
 * that takes over the same screen). */
void register_framebuffer(struct fb_info *info);
/* The boot loader's framebuffer (Multiboot 2), or NULL. */
const struct boot_fb *fb_boot_info(void);

/* A copy of /dev/fb0's screen information (for /sys/class/graphics/fb0):
 * false when the machine has no screen. */
bool fb_screeninfo(struct fb_var_screeninfo *var, struct fb_fix_screeninfo *fix);
