/* /dev/fb0: Linux's fbdev interface over one linear framebuffer, from a
 * driver (the Bochs/QEMU VGA, which can change modes) or from the boot
 * loader (GRUB's Multiboot 2 framebuffer: fixed, like Linux's simplefb).
 * Programs mmap it; the pages are device memory mapped write-combining. */
#include "drivers/fb.h"
#include "drivers/fbcon.h"
#include "arch/x86_64/boot.h"
#include "fs/devfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/paging.h"

static spinlock_t fb_lock = SPINLOCK_INIT;
static struct fb_info *fb0;
static struct fb_info bootfb;
static void *fb_kva;               /* the kernel's mapping, for read and write */

const struct boot_fb *fb_boot_info(void)
{
    return boot_info.fb.phys ? &boot_info.fb : NULL;
}

void register_framebuffer(struct fb_info *info)
{
    uint64_t f = spin_lock_irqsave(&fb_lock);
    fb0 = info;
    fb_kva = NULL;
    spin_unlock_irqrestore(&fb_lock, f);
    if (log_verbose)
        klog("fb0: %s, %ux%u, %u bpp, at %#lx", info->fix.id, info->var.xres, info->var.yres,
             info->var.bits_per_pixel, info->fix.smem_start);
}

/* The loader's framebuffer as a fixed mode: programs can neither change
 * nor pan it. */
static void bootfb_init(const struct boot_fb *b)
{
    struct fb_info *i = &bootfb;
    strlcpy(i->fix.id, "simple", sizeof(i->fix.id));
    i->fix.smem_start = b->phys;
    i->fix.smem_len = ALIGN_UP(b->pitch * b->height, PAGE_SIZE);
    i->fix.type = FB_TYPE_PACKED_PIXELS;
    i->fix.visual = FB_VISUAL_TRUECOLOR;
    i->fix.line_length = b->pitch;
    i->fix.accel = FB_ACCEL_NONE;
    i->var.xres = i->var.xres_virtual = b->width;
    i->var.yres = i->var.yres_virtual = b->height;
    i->var.bits_per_pixel = b->bpp;
    i->var.red = (struct fb_bitfield){ b->red_pos, b->red_size, 0 };
    i->var.green = (struct fb_bitfield){ b->green_pos, b->green_size, 0 };
    i->var.blue = (struct fb_bitfield){ b->blue_pos, b->blue_size, 0 };
    i->var.height = i->var.width = 0xFFFFFFFF;
    i->var.vmode = FB_VMODE_NONINTERLACED;
}

/* /dev/fb0's framebuffer: a driver's, else the loader's, else NULL. */
static struct fb_info *fb_get(void)
{
    uint64_t f = spin_lock_irqsave(&fb_lock);
    if (!fb0 && fb_boot_info()) {
        bootfb_init(fb_boot_info());
        fb0 = &bootfb;
    }
    struct fb_info *info = fb0;
    spin_unlock_irqrestore(&fb_lock, f);
    return info;
}

bool fb_screeninfo(struct fb_var_screeninfo *var, struct fb_fix_screeninfo *fix)
{
    struct fb_info *info = fb_get();
    if (!info)
        return false;
    uint64_t fl = spin_lock_irqsave(&fb_lock);
    *var = info->var;
    *fix = info->fix;
    spin_unlock_irqrestore(&fb_lock, fl);
    return true;
}

/* Unlike Linux's (0), /dev/fb0's st_size is the framebuffer's length once
 * a screen is there: Java's FileChannel.map needs it (it would otherwise
 * try to grow the file with ftruncate) and C programs do not look. */
static int fb_open(struct file *f)
{
    struct fb_info *info = fb_get();
    if (!info)
        return -ENODEV;
    fbcon_release();               /* the screen is the program's now */
    f->vnode->size = info->fix.smem_len;
    return 0;
}

/* As Linux's fb_set_var: a driver that cannot change modes answers with
 * the current one; FB_ACTIVATE_TEST only checks. */
static int set_var(struct fb_info *info, struct fb_var_screeninfo *var)
{
    if (!info->fbops || !info->fbops->check_var) {
        *var = info->var;
        return 0;
    }
    int r = info->fbops->check_var(var, info);
    if (r || (var->activate & FB_ACTIVATE_MASK) == FB_ACTIVATE_TEST)
        return r;
    info->var = *var;
    return info->fbops->set_par ? info->fbops->set_par(info) : 0;
}

/* Only the offsets of var count, as on Linux. */
static int pan_display(struct fb_info *info, struct fb_var_screeninfo *var)
{
    struct fb_var_screeninfo *cur = &info->var;
    if (var->xoffset > cur->xres_virtual - cur->xres || var->yoffset > cur->yres_virtual - cur->yres)
        return -EINVAL;
    if (var->xoffset == cur->xoffset && var->yoffset == cur->yoffset)
        return 0;
    if (!info->fbops || !info->fbops->pan_display)
        return -EINVAL;
    int r = info->fbops->pan_display(var, info);
    if (r == 0) {
        cur->xoffset = var->xoffset;
        cur->yoffset = var->yoffset;
    }
    return r;
}

static long fb_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    struct fb_info *info = fb_get();
    void __user *p = (void __user *)arg;
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    long r = 0;
    uint64_t fl;
    switch (cmd) {
    case FBIOGET_VSCREENINFO:
        fl = spin_lock_irqsave(&fb_lock);
        var = info->var;
        spin_unlock_irqrestore(&fb_lock, fl);
        return copy_to_user(p, &var, sizeof var) ? -EFAULT : 0;
    case FBIOGET_FSCREENINFO:
        fl = spin_lock_irqsave(&fb_lock);
        fix = info->fix;
        spin_unlock_irqrestore(&fb_lock, fl);
        return copy_to_user(p, &fix, sizeof fix) ? -EFAULT : 0;
    case FBIOPUT_VSCREENINFO:
    case FBIOPAN_DISPLAY:
        if (copy_from_user(&var, p, sizeof var))
            return -EFAULT;
        fl = spin_lock_irqsave(&fb_lock);
        r = cmd == FBIOPUT_VSCREENINFO ? set_var(info, &var) : pan_display(info, &var);
        if (cmd == FBIOPAN_DISPLAY)
            var = info->var;
        spin_unlock_irqrestore(&fb_lock, fl);
        if (r == 0 && copy_to_user(p, &var, sizeof var))
            r = -EFAULT;
        return r;
    case FBIOBLANK:
        return 0;                  /* nothing to power down in a virtual screen */
    case FBIOGETCMAP:
    case FBIOPUTCMAP:
        return -EINVAL;            /* true colour: no palette */
    default:
        return -ENOTTY;
    }
}

static int fb_iomem(struct vnode *v, struct iomem *out)
{
    struct fb_info *info = fb_get();
    if (!info)
        return -ENODEV;
    *out = (struct iomem){ info->fix.smem_start, info->fix.smem_len, PTE_CACHE_WC };
    return 0;
}

/* read and write reach the memory through an uncached kernel mapping, as
 * Linux's fb_read/fb_write do: for `cat picture > /dev/fb0`, not speed. */
static long fb_rw(struct file *f, void __user *buf, size_t n, uint64_t *pos, bool write)
{
    struct fb_info *info = fb_get();
    uint64_t len = info->fix.smem_len;
    if (*pos >= len)
        return write && n ? -EFBIG : 0;
    n = MIN(n, len - *pos);
    uint64_t fl = spin_lock_irqsave(&fb_lock);
    if (!fb_kva)
        fb_kva = ioremap(info->fix.smem_start, len);
    char *mem = (char *)fb_kva + *pos;
    spin_unlock_irqrestore(&fb_lock, fl);
    if (write ? copy_from_user(mem, buf, n) : copy_to_user(buf, mem, n))
        return -EFAULT;
    *pos += n;
    return (long)n;
}

static long fb_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    return fb_rw(f, buf, n, pos, false);
}

static long fb_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return fb_rw(f, (void __user *)buf, n, pos, true);
}

static const struct file_ops fb_fops = {
    .open = fb_open, .read = fb_read, .write = fb_write, .ioctl = fb_ioctl,
    .iomem = fb_iomem, .seekable = true,
};
/* There with or without a screen: -ENODEV at open without one. */
DEVFS_NODE(fb0, "/dev", "fb0", 0660, fb_fops, 29, 0);
