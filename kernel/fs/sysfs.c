/* /sys: the CPU lists glibc's get_nprocs_conf and HotSpot's processor count
 * read, the transparent huge page settings HotSpot checks for
 * -XX:+UseTransparentHugePages, and /sys/class/graphics, where the
 * framebuffer driver puts its attributes (drivers/fbsysfs.c). */
#include "arch/x86_64/cpu.h"
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

/* Its framebuffers are the driver's (drivers/fbsysfs.c). */
static const struct pseudo_entry class[] = {
    { .name = "graphics", .mode = S_IFDIR | 0755, .more = "/sys/class/graphics" },
    { 0 },
};

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
