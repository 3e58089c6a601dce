/* kmalloc: power-of-two size classes from 16 to 2048 bytes carved out of
 * single pages (slabs); larger requests take whole buddy blocks. The page's
 * struct page says which, so kfree needs no header. */
#include "lib/alloc.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"

#define MIN_SHIFT 4
#define NCLASSES 8                 /* 16 .. 2048 */

struct free_obj { struct free_obj *next; };

static spinlock_t lock = SPINLOCK_INIT;     /* guards free_objs */
static struct free_obj *free_objs[NCLASSES];

static int class_of(size_t size)
{
    int c = 0;
    while (((size_t)1 << (c + MIN_SHIFT)) < size)
        c++;
    return c;
}

static bool refill(int c)
{
    uint64_t pa = pmm_alloc(0);
    if (!pa)
        return false;
    struct page *pg = pmm_page(pa);
    pg->kind = PAGE_SLAB;
    pg->slab_class = (uint16_t)c;
    size_t size = (size_t)1 << (c + MIN_SHIFT);
    char *base = phys_to_virt(pa);
    for (size_t off = 0; off + size <= PAGE_SIZE; off += size) {
        struct free_obj *o = (struct free_obj *)(base + off);
        o->next = free_objs[c];
        free_objs[c] = o;
    }
    return true;
}

static int order_of(size_t size)
{
    int o = 0;
    while ((PAGE_SIZE << o) < size)
        o++;
    return o;
}

void *kmalloc(size_t size)
{
    if (size == 0)
        size = 1;
    if (size > PAGE_SIZE / 2) {
        int order = order_of(size);
        if (order >= PMM_MAX_ORDER)
            return NULL;
        uint64_t pa = pmm_alloc(order);
        if (!pa)
            return NULL;
        pmm_page(pa)->kind = PAGE_KBIG;
        pmm_page(pa)->slab_class = (uint16_t)order;
        return phys_to_virt(pa);
    }
    int c = class_of(size);
    uint64_t f = spin_lock_irqsave(&lock);
    if (!free_objs[c] && !refill(c)) {
        spin_unlock_irqrestore(&lock, f);
        return NULL;
    }
    struct free_obj *o = free_objs[c];
    free_objs[c] = o->next;
    spin_unlock_irqrestore(&lock, f);
    return o;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint64_t pa = virt_to_phys(p);
    struct page *pg = pmm_page(pa);
    if (pg->kind == PAGE_KBIG) {
        pmm_free(pa, pg->slab_class);
        return;
    }
    BUG_ON(pg->kind != PAGE_SLAB);
    struct free_obj *o = p;
    uint64_t f = spin_lock_irqsave(&lock);
    o->next = free_objs[pg->slab_class];
    free_objs[pg->slab_class] = o;
    spin_unlock_irqrestore(&lock, f);
}
