/* x86-64 four-level page tables. The upper half of every address space is
 * the kernel's: the direct map of physical memory at DIRECT_MAP_BASE and the
 * kernel image at KERNEL_VMA. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12
#define DIRECT_MAP_BASE 0xffff800000000000ul
#define KERNEL_VMA 0xffffffff80000000ul

#define PTE_P   (1ul << 0)
#define PTE_W   (1ul << 1)
#define PTE_U   (1ul << 2)
#define PTE_PWT (1ul << 3)
#define PTE_PCD (1ul << 4)
#define PTE_A   (1ul << 5)
#define PTE_D   (1ul << 6)
#define PTE_PS  (1ul << 7)
#define PTE_PAT (1ul << 7)         /* in a 4 KiB entry: the PAT index's high bit */
#define PTE_G   (1ul << 8)
#define PTE_NX  (1ul << 63)
#define PTE_ADDR 0x000ffffffffff000ul
/* A 4 KiB entry's memory type: the PAT entry PAT:PCD:PWT selects.
 * arch/x86_64/cpu.c makes entry 1 write-combining, as Linux does. */
#define PTE_CACHE_MASK (PTE_PWT | PTE_PCD | PTE_PAT)
#define PTE_CACHE_WC   PTE_PWT
#define PTE_CACHE_UC   (PTE_PWT | PTE_PCD)

static inline void *phys_to_virt(uint64_t pa) { return (void *)(pa + DIRECT_MAP_BASE); }
static inline uint64_t virt_to_phys(const void *va)
{
    uint64_t a = (uint64_t)va;
    return a >= KERNEL_VMA ? a - KERNEL_VMA : a - DIRECT_MAP_BASE;
}

/* Builds the kernel's tables (direct map of RAM, kernel image) and
 * switches to them. */
void paging_init(void);
/* A new top-level table sharing the kernel half: its physical address. */
uint64_t paging_new_pml4(void);
/* Frees the user half's tables (not the pages they map) and the PML4. */
void paging_free_pml4(uint64_t pml4);
/* The 4 KiB entry for va, creating tables when create: NULL if absent or
 * out of memory. */
uint64_t *paging_pte(uint64_t pml4, uint64_t va, bool create);
/* The first 4 KiB entry at or above *va, below end, in a page table that
 * exists (*va moved to it), skipping missing tables whole; NULL if none. */
uint64_t *paging_next_pte(uint64_t pml4, uint64_t *va, uint64_t end);
/* Maps an MMIO range uncached in the direct map: its virtual address. */
void *ioremap(uint64_t phys, uint64_t len);
void paging_switch(uint64_t pml4);
uint64_t kernel_pml4(void);
