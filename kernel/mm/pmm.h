/* Physical page frames: a buddy allocator over the RAM the boot loader
 * reports. Each frame has a struct page for its allocator state and a
 * reference count (shared mappings, later copy-on-write). */
#pragma once
#include <stdint.h>

#define PMM_MAX_ORDER 11              /* blocks of 4 KiB .. 4 MiB */

struct page {
    uint32_t next, prev;              /* free list links (frame numbers) */
    int8_t order;                     /* free block head: its order; else -1 */
    uint8_t kind;                     /* PAGE_* below */
    uint16_t slab_class;              /* kheap size class of a slab page */
    uint32_t refcount;
};

#define PAGE_FREE 0
#define PAGE_USED 1
#define PAGE_SLAB 2
#define PAGE_KBIG 3                   /* head of a large kmalloc block */
#define PAGE_RESERVED 4

void pmm_init(void);
/* 2^order contiguous frames: physical address, or 0 when out of memory.
 * Not zeroed. */
uint64_t pmm_alloc(int order);
void pmm_free(uint64_t pa, int order);
/* One zeroed frame with refcount 1, or 0. */
uint64_t pmm_alloc_zeroed_page(void);
struct page *pmm_page(uint64_t pa);
/* Drops a reference to a single page and frees it at zero. Frames the
 * allocator does not own (PAGE_RESERVED: the initramfs) are left alone. */
void pmm_page_put(uint64_t pa);
uint64_t pmm_total_pages(void);
uint64_t pmm_free_pages(void);
