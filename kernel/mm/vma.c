/* The VMA set: a sorted doubly-linked list, kept fully merged (no two
 * neighbours could be one VMA), with a one-entry cache for page faults.
 *
 * Every operation allocates the nodes it may need before it changes
 * anything, so -ENOMEM always leaves the set as it was. A node holds one
 * file reference; splitting takes one, freeing a node drops one. */
#include "mm/vma.h"
#include "lib/alloc.h"
#include "lib/errno.h"

#define PAGE_MASK 4095ULL

static const struct vma_ops no_ops;

static void file_get(struct vma_set *set, void *file)
{
    if (file && set->ops->file_get)
        set->ops->file_get(file);
}

static void file_put(struct vma_set *set, void *file)
{
    if (file && set->ops->file_put)
        set->ops->file_put(file);
}

static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* Links v after prev (at the head when prev is NULL). */
static void link_after(struct vma_set *set, struct vma *prev, struct vma *v)
{
    v->prev = prev;
    v->next = prev ? prev->next : set->head;
    if (v->next)
        v->next->prev = v;
    if (prev)
        prev->next = v;
    else
        set->head = v;
    set->count++;
}

static void unlink_free(struct vma_set *set, struct vma *v)
{
    if (v->prev)
        v->prev->next = v->next;
    else
        set->head = v->next;
    if (v->next)
        v->next->prev = v->prev;
    if (set->cache == v)
        set->cache = NULL;
    set->count--;
    file_put(set, v->file);
    kfree(v);
}

/* Splits v at addr (v->start < addr < v->end): the node n becomes the upper
 * part [addr, v->end). */
static void split(struct vma_set *set, struct vma *v, uint64_t addr, struct vma *n)
{
    *n = *v;
    n->start = addr;
    n->offset = v->offset + (addr - v->start);
    v->end = addr;
    link_after(set, v, n);
    file_get(set, n->file);
}

/* Could a and b (a below b) be one VMA? File offsets must continue; they
 * mean nothing for anonymous memory. */
static bool mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->file == b->file &&
           (!a->file || a->offset + (a->end - a->start) == b->offset);
}

/* Merges v with its successor when they could be one VMA; true if it did. */
static bool merge_next(struct vma_set *set, struct vma *v)
{
    struct vma *n = v->next;
    if (!n || !mergeable(v, n))
        return false;
    v->end = n->end;
    unlink_free(set, n);
    return true;
}

/* Merges every mergeable pair from v up to the VMA starting at or below end. */
static void merge_range(struct vma_set *set, struct vma *v, uint64_t end)
{
    while (v && v->next && v->next->start <= end)
        if (!merge_next(set, v))
            v = v->next;
}

/* The last VMA starting below addr, or NULL. */
static struct vma *find_before(struct vma_set *set, uint64_t addr)
{
    struct vma *prev = NULL;
    for (struct vma *v = set->head; v && v->start < addr; v = v->next)
        prev = v;
    return prev;
}

/* True when removing [start, end) would cut one VMA in three. */
static bool splits_inside(struct vma_set *set, uint64_t start, uint64_t end)
{
    struct vma *v = vma_find_above(set, start);
    return v && v->start < start && v->end > end;
}

/* Removes [start, end), reporting each piece through ops.unmapped before
 * its VMA changes. *spare must be allocated when splits_inside() says so;
 * it is consumed then. */
static void remove_range(struct vma_set *set, uint64_t start, uint64_t end,
                         struct vma **spare)
{
    struct vma *v = vma_find_above(set, start);
    while (v && v->start < end) {
        struct vma *next = v->next;
        uint64_t s = max64(v->start, start), e = min64(v->end, end);
        if (set->ops->unmapped)
            set->ops->unmapped(set, v, s, e);
        if (v->start < s && v->end > e) {
            split(set, v, e, *spare);
            *spare = NULL;
            v->end = s;
        } else if (v->start < s) {
            v->end = s;
        } else if (v->end > e) {
            v->offset += e - v->start;
            v->start = e;
        } else {
            unlink_free(set, v);
        }
        v = next;
    }
}

/* Allocates n nodes: false, and none kept, when memory runs out. */
static bool alloc_nodes(struct vma **nodes, int n)
{
    for (int i = 0; i < n; i++) {
        if (!(nodes[i] = kmalloc(sizeof(struct vma)))) {
            while (i > 0)
                kfree(nodes[--i]);
            return false;
        }
    }
    return true;
}

/* Links v, whose range is free, taking its file reference, and merges it
 * with its neighbours. */
static void insert(struct vma_set *set, struct vma *v)
{
    link_after(set, find_before(set, v->start), v);
    file_get(set, v->file);
    merge_next(set, v);
    if (v->prev)
        merge_next(set, v->prev);
}

void vma_set_init(struct vma_set *set, const struct vma_ops *ops, void *owner)
{
    *set = (struct vma_set){ .ops = ops ? ops : &no_ops, .owner = owner };
}

void vma_set_destroy(struct vma_set *set)
{
    while (set->head) {
        struct vma *v = set->head;
        if (set->ops->unmapped)
            set->ops->unmapped(set, v, v->start, v->end);
        unlink_free(set, v);
    }
}

struct vma *vma_find_above(struct vma_set *set, uint64_t addr)
{
    /* VMAs before the cached one end at or below its start. */
    struct vma *v = set->cache && set->cache->start <= addr ? set->cache : set->head;
    while (v && v->end <= addr)
        v = v->next;
    return v;
}

struct vma *vma_find(struct vma_set *set, uint64_t addr)
{
    struct vma *v = vma_find_above(set, addr);
    if (!v || v->start > addr)
        return NULL;
    set->cache = v;
    return v;
}

bool vma_range_free(struct vma_set *set, uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    if (end < start)
        return false;
    struct vma *v = vma_find_above(set, start);
    return !v || v->start >= end;
}

uint64_t vma_find_free(struct vma_set *set, uint64_t len, uint64_t lo, uint64_t hi)
{
    uint64_t best = 0, gap_start = 0;
    if (len == 0)
        return 0;
    /* Gaps come in ascending order, so the last one that fits is the highest. */
    for (struct vma *v = set->head;; v = v->next) {
        uint64_t top = min64(v ? v->start : UINT64_MAX, hi);
        uint64_t bottom = max64(gap_start, lo);
        if (top >= bottom && top - bottom >= len) {
            uint64_t s = (top - len) & ~PAGE_MASK;
            if (s >= bottom)
                best = s;
        }
        if (!v || v->end >= hi)
            return best;
        gap_start = v->end;
    }
}

int vma_map(struct vma_set *set, uint64_t start, uint64_t len, uint32_t prot,
            uint32_t flags, void *file, uint64_t offset)
{
    uint64_t end = start + len;
    struct vma *v = kmalloc(sizeof(*v));
    struct vma *spare = NULL;
    if (!v)
        return -ENOMEM;
    if (splits_inside(set, start, end) && !(spare = kmalloc(sizeof(*spare)))) {
        kfree(v);
        return -ENOMEM;
    }
    remove_range(set, start, end, &spare);

    *v = (struct vma){ .start = start, .end = end, .prot = prot,
                       .flags = flags, .file = file, .offset = offset };
    insert(set, v);
    return 0;
}

int vma_unmap(struct vma_set *set, uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    struct vma *spare = NULL;
    if (len == 0)   /* would "split" a VMA at start */
        return 0;
    if (splits_inside(set, start, end) && !(spare = kmalloc(sizeof(*spare))))
        return -ENOMEM;
    remove_range(set, start, end, &spare);
    return 0;
}

/* Finds the VMA holding the first byte of [start, end) and checks that the
 * whole range is mapped; sets *last to the VMA holding its last byte. */
static struct vma *find_covering(struct vma_set *set, uint64_t start, uint64_t end,
                                 struct vma **last)
{
    struct vma *first = vma_find_above(set, start);
    uint64_t at = start;
    for (struct vma *v = first; at < end; v = v->next) {
        if (!v || v->start > at)
            return NULL;
        at = v->end;
        *last = v;
    }
    return first;
}

/* The flags of a VMA whose protection changes from old to prot. */
static uint32_t flags_after_protect(uint32_t flags, uint32_t old, uint32_t prot)
{
    if ((prot & PROT_WRITE) && !(old & PROT_WRITE) &&
        !(flags & (VMA_ACCOUNT | VMA_SHARED | VMA_NORESERVE)))
        flags |= VMA_ACCOUNT;
    return flags;
}

int vma_protect(struct vma_set *set, uint64_t start, uint64_t len, uint32_t prot)
{
    uint64_t end = start + len;
    struct vma *last = NULL;
    if (len == 0)
        return 0;
    struct vma *first = find_covering(set, start, end, &last);
    if (!first)
        return -ENOMEM;

    /* Allocate the nodes for splitting at the edges up front. */
    struct vma *spare[2];
    bool split_lo = first->start < start && first->prot != prot;
    bool split_hi = last->end > end && last->prot != prot;
    int nspare = split_lo + split_hi;
    if (!alloc_nodes(spare, nspare))
        return -ENOMEM;

    for (struct vma *v = first, *next; v && v->start < end; v = next) {
        next = v->next;
        if (v->prot == prot)
            continue;
        uint64_t s = max64(v->start, start), e = min64(v->end, end);
        if (set->ops->protected)
            set->ops->protected(set, v, s, e, prot);
        if (v->start < s) {
            split(set, v, s, spare[--nspare]);
            v = v->next;
        }
        if (v->end > e)
            split(set, v, e, spare[--nspare]);
        v->flags = flags_after_protect(v->flags, v->prot, prot);
        v->prot = prot;
    }
    merge_range(set, first->prev ? first->prev : first, end);
    return 0;
}

int vma_move(struct vma_set *set, uint64_t old, uint64_t old_len, uint64_t new,
             uint64_t new_len, uint32_t clear_flags, bool keep_old)
{
    struct vma *src = vma_find(set, old);
    if (!src || old_len > src->end - old)
        return -EFAULT;
    /* The moved VMA, and a split where the target and where the source
     * are cut out of the middle of a VMA. */
    struct vma *nodes[3];
    if (!alloc_nodes(nodes, 3))
        return -ENOMEM;
    struct vma *n = nodes[0], *spare[2] = { nodes[1], nodes[2] };

    remove_range(set, new, new + new_len, &spare[0]);
    src = vma_find(set, old);      /* cutting the target out may have split it */
    *n = *src;
    n->start = new;
    n->end = new + new_len;
    n->offset = src->offset + (old - src->start);
    n->flags &= ~clear_flags;
    if (old_len && set->ops->moved)
        set->ops->moved(set, src, old, new, old_len);
    /* Inserted before the source goes, so that its file keeps a reference. */
    insert(set, n);
    if (old_len && !keep_old)
        remove_range(set, old, old + old_len, spare[0] ? &spare[0] : &spare[1]);
    kfree(spare[0]);
    kfree(spare[1]);
    return 0;
}
