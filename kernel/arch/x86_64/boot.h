/* What the boot entry hands kmain. */
#pragma once

#define BOOT_MAGIC_MB1 0x2BADB002
#define BOOT_MAGIC_MB2 0x36D76289
#define BOOT_MAGIC_PVH 0x336EC578

#ifndef __ASSEMBLER__
#include <stdint.h>

#define BOOT_MAX_REGIONS 64

struct boot_region { uint64_t base, len; };

/* The boot protocol's facts, normalized (arch/x86_64/bootinfo.c). */
struct boot_info {
    const char *protocol;               /* "multiboot", "pvh" */
    struct boot_region ram[BOOT_MAX_REGIONS];   /* usable RAM */
    int nram;
    uint64_t initrd_phys, initrd_len;   /* 0 if none */
    char cmdline[1024];
    uint64_t rsdp_phys;                 /* 0 if unknown */
};

extern struct boot_info boot_info;
void bootinfo_parse(uint32_t magic, uint64_t info_phys);
#endif
