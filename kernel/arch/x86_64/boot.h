/* What the boot entry hands kmain. */
#pragma once

#define BOOT_MAGIC_MB1 0x2BADB002
#define BOOT_MAGIC_MB2 0x36D76289
#define BOOT_MAGIC_PVH 0x336EC578

#ifndef __ASSEMBLER__
#include <stdint.h>

#define BOOT_MAX_REGIONS 64

struct boot_region { uint64_t base, len; };

/* A linear framebuffer the loader set up (Multiboot 2: GRUB by VBE on
 * BIOS, by GOP on UEFI). Direct-colour only: each field is the bit
 * position and width of a colour in a pixel. */
struct boot_fb {
    uint64_t phys;                      /* 0 if none */
    uint32_t pitch, width, height;      /* bytes per line; pixels */
    uint8_t bpp;
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* The boot protocol's facts, normalized (arch/x86_64/bootinfo.c). */
struct boot_info {
    const char *protocol;               /* "multiboot", "multiboot2", "pvh" */
    struct boot_region ram[BOOT_MAX_REGIONS];   /* usable RAM */
    int nram;
    uint64_t initrd_phys, initrd_len;   /* 0 if none */
    char cmdline[1024];
    uint64_t rsdp_phys;                 /* 0 if unknown */
    /* Multiboot 2 hands over a copy of the RSDP, not its address: it is
     * kept here, and rsdp_phys points at it. */
    uint8_t rsdp_copy[36];
    uint32_t rsdp_copy_len;
    struct boot_fb fb;
};

extern struct boot_info boot_info;
void bootinfo_parse(uint32_t magic, uint64_t info_phys);
/* Kernel command line option value ("name=value"), or NULL. A bare
 * "name" yields "". */
const char *cmdline_get(const char *name);
/* The kernel proper, which the boot entry calls (main.c). */
void kmain(uint32_t magic, uint64_t info_phys);

/* Appends usable RAM, merged with the region before it when they touch:
 * a UEFI memory map has many small pieces of RAM side by side. */
static inline void boot_add_ram(struct boot_info *bi, uint64_t base, uint64_t len)
{
    struct boot_region *last = bi->nram ? &bi->ram[bi->nram - 1] : 0;
    if (len == 0 || base + len < base)
        return;
    if (last && last->base + last->len == base)
        last->len += len;
    else if (bi->nram < BOOT_MAX_REGIONS)
        bi->ram[bi->nram++] = (struct boot_region){ base, len };
}
/* Parses the Multiboot 2 information (at most cap bytes at info) into bi
 * (arch/x86_64/mb2.c): 0, or -1 when its header is malformed. A tag that
 * runs past the end stops the walk; what came before it stays. */
int mb2_parse(const void *info, uint64_t cap, struct boot_info *bi);
#endif
