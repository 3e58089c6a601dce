/* Page tables. The kernel half (PML4 entries 256..511) is built once here
 * and its third-level tables are never replaced, so every address space
 * shares it by copying those 256 entries. */
#include "mm/paging.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/pmm.h"

#define PML4_KERNEL_FIRST 256
#define SIZE_2M (2ul << 20)

extern char kernel_start[], text_end[], rodata_end[], kernel_end[];   /* kernel.ld */
static uint64_t kpml4;            /* physical */

uint64_t kernel_pml4(void) { return kpml4; }

static uint64_t *table(uint64_t entry) { return phys_to_virt(entry & PTE_ADDR); }

static uint64_t new_table(void)
{
    uint64_t pa = pmm_alloc_zeroed_page();
    if (!pa)
        panic("out of memory for page tables");
    return pa;
}

/* Entry of level-`level` table for va (level 4 = PML4 ... 1 = PT). */
static inline unsigned idx(uint64_t va, int level) { return (va >> (12 + 9 * (level - 1))) & 511; }

/* The table entry at `level` for va, creating the tables above it. */
static uint64_t *walk(uint64_t pml4, uint64_t va, int level, bool create)
{
    uint64_t *t = phys_to_virt(pml4);
    for (int l = 4; l > level; l--) {
        uint64_t *e = &t[idx(va, l)];
        if (!(*e & PTE_P)) {
            if (!create)
                return NULL;
            uint64_t pa = pmm_alloc_zeroed_page();
            if (!pa)
                return NULL;
            /* Permissions live in the leaf entries. */
            *e = pa | PTE_P | PTE_W | (va < DIRECT_MAP_BASE ? PTE_U : 0);
        } else if (*e & PTE_PS) {
            return NULL;
        }
        t = table(*e);
    }
    return &t[idx(va, level)];
}

uint64_t *paging_pte(uint64_t pml4, uint64_t va, bool create)
{
    return walk(pml4, va, 1, create);
}

/* The next leaf entry at or above *va and below end whose page table
 * exists, with *va moved to its page; NULL when there is none. A missing
 * table is skipped whole at the level it is missing (512 GiB, 1 GiB or
 * 2 MiB at a time): an untouched reservation of terabytes costs a few
 * steps, not a step per page. */
uint64_t *paging_next_pte(uint64_t pml4, uint64_t *va, uint64_t end)
{
    while (*va < end) {
        uint64_t *t = phys_to_virt(pml4);
        int l = 4;
        for (; l > 1; l--) {
            uint64_t e = t[idx(*va, l)];
            if (!(e & PTE_P) || (e & PTE_PS))
                break;
            t = table(e);
        }
        if (l == 1)
            return &t[idx(*va, 1)];
        uint64_t span = 1ul << (12 + 9 * (l - 1));      /* what one level-l entry maps */
        *va = ALIGN_DOWN(*va, span) + span;
    }
    return NULL;
}

static void map_2m(uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *e = walk(kpml4, va, 2, true);
    if (!e)
        panic("out of memory for page tables");
    *e = pa | PTE_P | PTE_PS | flags;
}

/* The kernel image, page by page with the rights of its part (W^X): text
 * read-only and executable, rodata read-only, data and bss writable; only
 * text executable. A stray write to code or constants, or a jump into
 * data, faults (CR0.WP makes read-only hold for the kernel too). */
static void map_kernel_image(void)
{
    for (uint64_t va = (uint64_t)kernel_start; va < (uint64_t)kernel_end; va += PAGE_SIZE) {
        uint64_t flags = va < (uint64_t)text_end ? 0
                       : va < (uint64_t)rodata_end ? PTE_NX : PTE_W | PTE_NX;
        uint64_t *pte = walk(kpml4, va, 1, true);
        if (!pte)
            panic("out of memory for page tables");
        *pte = virt_to_phys((void *)va) | PTE_P | PTE_G | flags;
    }
}

/* The direct map's view of the same text and rodata is read-only too
 * (Linux's static_protections): else a stray write to DIRECT_MAP_BASE +
 * phys would change the code W^X keeps read-only. The 2 MiB pages that
 * hold it become 4 KiB ones, the rest of them writable as before. */
static void protect_direct_alias(void)
{
    uint64_t start = virt_to_phys(kernel_start), end = virt_to_phys(rodata_end);
    for (uint64_t big = ALIGN_DOWN(start, SIZE_2M); big < end; big += SIZE_2M) {
        uint64_t *pd = walk(kpml4, (uint64_t)phys_to_virt(big), 2, false);
        BUG_ON(!pd || !(*pd & PTE_PS));
        uint64_t pt = new_table();
        uint64_t *e = phys_to_virt(pt);
        for (int i = 0; i < 512; i++) {
            uint64_t pa = big + (uint64_t)i * PAGE_SIZE;
            e[i] = pa | PTE_P | PTE_G | PTE_NX | (pa >= start && pa < end ? 0 : PTE_W);
        }
        *pd = pt | PTE_P | PTE_W;
    }
}

void *ioremap(uint64_t phys, uint64_t len)
{
    for (uint64_t pa = ALIGN_DOWN(phys, PAGE_SIZE); pa < phys + len; pa += PAGE_SIZE) {
        uint64_t va = (uint64_t)phys_to_virt(pa);
        uint64_t *pd = walk(kpml4, va, 2, true);
        if (pd && (*pd & PTE_PS))
            continue;              /* already in a large page of the direct map */
        uint64_t *pte = walk(kpml4, va, 1, true);
        if (!pte)
            panic("ioremap: out of memory");
        *pte = pa | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | PTE_NX;
        invlpg(va);
    }
    return phys_to_virt(phys);
}

void paging_init(void)
{
    kpml4 = new_table();
    uint64_t *top = phys_to_virt(kpml4);
    /* Give every kernel PML4 slot a third-level table now: address spaces
     * copy these entries and must never miss a later kernel mapping. */
    for (int i = PML4_KERNEL_FIRST; i < 512; i++)
        top[i] = new_table() | PTE_P | PTE_W;

    for (int i = 0; i < boot_info.nram; i++) {
        uint64_t b = ALIGN_DOWN(boot_info.ram[i].base, SIZE_2M);
        uint64_t e = ALIGN_UP(boot_info.ram[i].base + boot_info.ram[i].len, SIZE_2M);
        for (uint64_t pa = b; pa < e; pa += SIZE_2M)
            map_2m((uint64_t)phys_to_virt(pa), pa, PTE_W | PTE_G | PTE_NX);
    }
    map_kernel_image();
    protect_direct_alias();
    paging_switch(kpml4);
}

uint64_t paging_new_pml4(void)
{
    uint64_t pa = pmm_alloc_zeroed_page();
    if (!pa)
        return 0;
    uint64_t *t = phys_to_virt(pa), *k = phys_to_virt(kpml4);
    for (int i = PML4_KERNEL_FIRST; i < 512; i++)
        t[i] = k[i];
    return pa;
}

static void free_level(uint64_t entry, int level)
{
    if (level > 1) {
        uint64_t *t = table(entry);
        for (int i = 0; i < 512; i++)
            if (t[i] & PTE_P)
                free_level(t[i], level - 1);
    }
    pmm_free(entry & PTE_ADDR, 0);
}

void paging_free_pml4(uint64_t pml4)
{
    uint64_t *t = phys_to_virt(pml4);
    for (int i = 0; i < PML4_KERNEL_FIRST; i++)
        if (t[i] & PTE_P)
            free_level(t[i], 3);
    pmm_free(pml4, 0);
}

void paging_switch(uint64_t pml4)
{
    write_cr3(pml4);
}
