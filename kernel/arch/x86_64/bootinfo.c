/* Normalizes what Multiboot 1, Multiboot 2 (arch/x86_64/mb2.c) or PVH
 * hands over into struct boot_info.
 * Runs on the boot page tables, where the direct map covers the first
 * 4 GiB: everything the loaders hand over lies there. */
#include "arch/x86_64/boot.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"

struct boot_info boot_info;

struct mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb1_mod { uint32_t start, end, cmdline, pad; };
struct mb1_mmap { uint32_t size; uint64_t base, len; uint32_t type; } __attribute__((packed));

struct pvh_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
    uint32_t memmap_entries, reserved;
};
struct pvh_mod { uint64_t paddr, size, cmdline_paddr, reserved; };
struct pvh_memmap { uint64_t addr, size; uint32_t type, reserved; };

static void add_ram(uint64_t base, uint64_t len) { boot_add_ram(&boot_info, base, len); }

static void set_cmdline(uint64_t phys)
{
    if (!phys)
        return;
    const char *s = phys_to_virt(phys);
    size_t n = strnlen(s, sizeof(boot_info.cmdline) - 1);
    memcpy(boot_info.cmdline, s, n);
    boot_info.cmdline[n] = 0;
}

static void parse_mb1(const struct mb1_info *mb)
{
    boot_info.protocol = "multiboot";

    if (mb->flags & (1 << 2))
        set_cmdline(mb->cmdline);
    if ((mb->flags & (1 << 3)) && mb->mods_count > 0) {
        const struct mb1_mod *m = phys_to_virt(mb->mods_addr);
        boot_info.initrd_phys = m->start;
        boot_info.initrd_len = m->end - m->start;
    }
    if (mb->flags & (1 << 6)) {
        uint64_t p = mb->mmap_addr, end = p + mb->mmap_length;
        while (p < end) {
            const struct mb1_mmap *e = phys_to_virt(p);
            if (e->type == 1)
                add_ram(e->base, e->len);
            p += e->size + 4;
        }
    } else if (mb->flags & 1) {
        add_ram(0, (uint64_t)mb->mem_lower * 1024);
        add_ram(1 << 20, (uint64_t)mb->mem_upper * 1024);
    }
}

static void parse_pvh(const struct pvh_start_info *si)
{
    boot_info.protocol = "pvh";
    set_cmdline(si->cmdline_paddr);
    boot_info.rsdp_phys = si->rsdp_paddr;
    if (si->nr_modules > 0) {
        const struct pvh_mod *m = phys_to_virt(si->modlist_paddr);
        boot_info.initrd_phys = m->paddr;
        boot_info.initrd_len = m->size;
    }
    const struct pvh_memmap *e = phys_to_virt(si->memmap_paddr);
    for (uint32_t i = 0; si->version >= 1 && i < si->memmap_entries; i++)
        if (e[i].type == 1)
            add_ram(e[i].addr, e[i].size);
}

/* The information lies below 4 GiB (ebx is 32 bits), where the boot
 * tables map everything; its size field is bounded by that and 1 MiB. */
static void parse_mb2(uint64_t info_phys)
{
    uint64_t cap = MIN(1ul << 20, (4ul << 30) - info_phys);
    if (mb2_parse(phys_to_virt(info_phys), cap, &boot_info))
        panic("malformed Multiboot 2 information at %#lx", info_phys);
    if (boot_info.rsdp_copy_len)
        boot_info.rsdp_phys = virt_to_phys(boot_info.rsdp_copy);
}

void bootinfo_parse(uint32_t magic, uint64_t info_phys)
{
    if (magic == BOOT_MAGIC_MB1)
        parse_mb1(phys_to_virt(info_phys));
    else if (magic == BOOT_MAGIC_MB2)
        parse_mb2(info_phys);
    else if (magic == BOOT_MAGIC_PVH)
        parse_pvh(phys_to_virt(info_phys));
    else
        panic("unknown boot protocol (magic %#x)", magic);
    if (boot_info.nram == 0)
        panic("the boot loader gave no memory map");
}

/* The command line is "word word=value ...". */
const char *cmdline_get(const char *name)
{
    static char value[256];
    size_t nlen = strlen(name);
    const char *p = boot_info.cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - w) >= nlen && strncmp(w, name, nlen) == 0) {
            if (w + nlen == p)
                return "";
            if (w[nlen] == '=') {
                size_t vlen = MIN((size_t)(p - w - nlen - 1), sizeof(value) - 1);
                memcpy(value, w + nlen + 1, vlen);
                value[vlen] = 0;
                return value;
            }
        }
    }
    return NULL;
}
