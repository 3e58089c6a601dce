/* Buddy allocator of physical frames. Free blocks of 2^order frames sit on
 * per-order doubly linked lists threaded through struct page by frame
 * number; freeing merges a block with its buddy while the buddy is free. */
#include "mm/pmm.h"
#include "arch/x86_64/boot.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/paging.h"

#define NONE 0xFFFFFFFFu
#define MIN_FREE_PAGES 2048          /* 8 MiB: less cannot even start a program */

extern char kernel_end[];
#define KERNEL_PHYS 0x200000ul

static spinlock_t lock = SPINLOCK_INIT;     /* guards pages, free_head, nfree */
static struct page *pages;
static uint64_t npages;                     /* frames covered by pages[] */
static uint32_t free_head[PMM_MAX_ORDER];
static uint64_t nfree, ntotal;

struct page *pmm_page(uint64_t pa) { return &pages[pa >> PAGE_SHIFT]; }
uint64_t pmm_total_pages(void) { return ntotal; }
uint64_t pmm_free_pages(void) { return nfree; }

static void list_push(int order, uint32_t pfn)
{
    struct page *p = &pages[pfn];
    p->order = (int8_t)order;
    p->kind = PAGE_FREE;
    p->prev = NONE;
    p->next = free_head[order];
    if (p->next != NONE)
        pages[p->next].prev = pfn;
    free_head[order] = pfn;
}

static void list_remove(int order, uint32_t pfn)
{
    struct page *p = &pages[pfn];
    if (p->prev != NONE)
        pages[p->prev].next = p->next;
    else
        free_head[order] = p->next;
    if (p->next != NONE)
        pages[p->next].prev = p->prev;
    p->order = -1;
}

static void free_block(uint64_t pfn, int order)
{
    nfree += 1ul << order;
    while (order < PMM_MAX_ORDER - 1) {
        uint64_t buddy = pfn ^ (1ul << order);
        if (buddy >= npages || pages[buddy].order != order || pages[buddy].kind != PAGE_FREE)
            break;
        list_remove(order, (uint32_t)buddy);
        pfn &= ~(1ul << order);
        order++;
    }
    list_push(order, (uint32_t)pfn);
}

uint64_t pmm_alloc(int order)
{
    uint64_t f = spin_lock_irqsave(&lock);
    int o = order;
    while (o < PMM_MAX_ORDER && free_head[o] == NONE)
        o++;
    if (o == PMM_MAX_ORDER) {
        spin_unlock_irqrestore(&lock, f);
        return 0;
    }
    uint32_t pfn = free_head[o];
    list_remove(o, pfn);
    while (o > order) {            /* give back the upper halves */
        o--;
        list_push(o, pfn + (1u << o));
    }
    for (uint64_t i = 0; i < (1ul << order); i++) {
        pages[pfn + i].kind = PAGE_USED;
        pages[pfn + i].order = -1;
        pages[pfn + i].refcount = 1;
    }
    nfree -= 1ul << order;
    spin_unlock_irqrestore(&lock, f);
    return (uint64_t)pfn << PAGE_SHIFT;
}

void pmm_free(uint64_t pa, int order)
{
    uint64_t f = spin_lock_irqsave(&lock);
    uint64_t pfn = pa >> PAGE_SHIFT;
    BUG_ON(pfn >= npages || pages[pfn].kind == PAGE_FREE || pages[pfn].kind == PAGE_RESERVED);
    for (uint64_t i = 0; i < (1ul << order); i++) {
        pages[pfn + i].kind = PAGE_FREE;
        pages[pfn + i].refcount = 0;
    }
    free_block(pfn, order);
    spin_unlock_irqrestore(&lock, f);
}

uint64_t pmm_alloc_zeroed_page(void)
{
    uint64_t pa = pmm_alloc(0);
    if (pa)
        memset(phys_to_virt(pa), 0, PAGE_SIZE);
    return pa;
}

void pmm_page_put(uint64_t pa)
{
    if ((pa >> PAGE_SHIFT) >= npages)
        return;                   /* device memory */
    struct page *p = pmm_page(pa);
    if (p->kind == PAGE_RESERVED)
        return;                   /* the boot module's frames, mapped in place */
    if (__atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL) == 0)
        pmm_free(pa, 0);
}

static bool overlaps(uint64_t a, uint64_t n, uint64_t lo, uint64_t hi)
{
    return a < hi && lo < a + n;
}

/* [lo, hi) holds a page that is not free RAM. */
static bool range_reserved(uint64_t lo, uint64_t hi, uint64_t array_lo, uint64_t array_hi)
{
    uint64_t kend = virt_to_phys(kernel_end);
    uint64_t ilo = ALIGN_DOWN(boot_info.initrd_phys, PAGE_SIZE);
    uint64_t ihi = boot_info.initrd_phys + boot_info.initrd_len;
    return lo < 0x100000 || (lo < kend && KERNEL_PHYS < hi) ||
           (boot_info.initrd_len && lo < ihi && ilo < hi) || (lo < array_hi && array_lo < hi);
}

/* The page array goes in the first RAM stretch that holds it clear of the
 * kernel and the initramfs, below 4 GiB (the boot tables' direct map). */
static uint64_t place_array(uint64_t bytes)
{
    uint64_t kend = virt_to_phys(kernel_end);
    uint64_t ilo = ALIGN_DOWN(boot_info.initrd_phys, PAGE_SIZE);
    uint64_t ihi = ALIGN_UP(boot_info.initrd_phys + boot_info.initrd_len, PAGE_SIZE);
    for (int i = 0; i < boot_info.nram; i++) {
        uint64_t b = ALIGN_UP(MAX(boot_info.ram[i].base, 0x100000ul), PAGE_SIZE);
        uint64_t e = boot_info.ram[i].base + boot_info.ram[i].len;
        for (;;) {
            if (overlaps(b, bytes, KERNEL_PHYS, kend))
                b = ALIGN_UP(kend, PAGE_SIZE);
            else if (boot_info.initrd_len && overlaps(b, bytes, ilo, ihi))
                b = ihi;
            else
                break;
        }
        if (b + bytes <= e && b + bytes <= (4ul << 30))
            return b;
    }
    panic("no room for the page array (%lu bytes)", bytes);
}

void pmm_init(void)
{
    uint64_t top = 0;
    for (int i = 0; i < boot_info.nram; i++)
        top = MAX(top, boot_info.ram[i].base + boot_info.ram[i].len);
    npages = top >> PAGE_SHIFT;
    uint64_t bytes = ALIGN_UP(npages * sizeof(struct page), PAGE_SIZE);
    uint64_t array = place_array(bytes);
    pages = phys_to_virt(array);
    for (uint64_t i = 0; i < npages; i++)
        pages[i] = (struct page){ NONE, NONE, -1, PAGE_RESERVED, 0, 0 };
    for (int o = 0; o < PMM_MAX_ORDER; o++)
        free_head[o] = NONE;
    /* Highest first, in the largest aligned blocks that hold no reserved
     * page: the free lists are LIFO, so low frames (reachable through the
     * boot direct map) are handed out first. */
    for (int i = boot_info.nram - 1; i >= 0; i--) {
        uint64_t b = ALIGN_UP(boot_info.ram[i].base, PAGE_SIZE);
        uint64_t e = ALIGN_DOWN(boot_info.ram[i].base + boot_info.ram[i].len, PAGE_SIZE);
        while (e > b) {
            if (range_reserved(e - PAGE_SIZE, e, array, array + bytes)) {
                e -= PAGE_SIZE;
                continue;
            }
            int o = 0;
            while (o + 1 < PMM_MAX_ORDER && (e % (PAGE_SIZE << (o + 1))) == 0 &&
                   e - (PAGE_SIZE << (o + 1)) >= b &&
                   !range_reserved(e - (PAGE_SIZE << (o + 1)), e, array, array + bytes))
                o++;
            e -= PAGE_SIZE << o;
            list_push(o, (uint32_t)(e >> PAGE_SHIFT));
            nfree += 1ul << o;
            ntotal += 1ul << o;
        }
    }
    if (ntotal < MIN_FREE_PAGES)
        panic("%lu KiB of memory are left beside the %lu KiB image: give the machine more "
              "memory (egg run --mem)", ntotal * 4, boot_info.initrd_len / 1024);
}
