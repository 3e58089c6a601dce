/* mremap, as Linux's mm/mremap.c decides it: shrink in place, grow in
 * place when the range after the mapping is free, else move. No page is
 * copied: growing extends the VMA, moving hands the PTEs over (vma_move
 * and mm.c's moved op). */
#include "mm/mm.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/internal.h"

/* One request; the steps narrow it down (a shrink before a move, the
 * address found for the target). */
struct remap {
    uint64_t addr, old_len, new_len, new_addr;
    uint32_t flags;
};

static bool to_new_place(const struct remap *rq)
{
    return rq->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

/* munmap's work with its range check (Linux's do_vmi_munmap). */
static int unmap(struct mm *mm, uint64_t start, uint64_t len)
{
    if (start > TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
        return -EINVAL;
    return vma_unmap(&mm->vmas, start, len);
}

/* Linux's check_prep_vma, for the requests that map new address space
 * (grow, or move): 0 or -errno. A shared anonymous mapping has no object
 * here that two ranges could share, so it cannot be duplicated (old_len 0)
 * nor keep its old range (MREMAP_DONTUNMAP, refused as Linux 5.7 to 5.12
 * did for all but private anonymous memory). */
static int check_source(const struct vma *v, const struct remap *rq)
{
    bool shared_anon = (v->flags & VMA_SHARED) && !v->file;
    if (!rq->old_len && (!(v->flags & VMA_SHARED) || shared_anon))
        return -EINVAL;
    if ((rq->flags & MREMAP_DONTUNMAP) && ((v->flags & VMA_PFNMAP) || shared_anon))
        return -EINVAL;
    /* What is kept must lie in this VMA; a shrink may cut across others. */
    if (MIN(rq->old_len, rq->new_len) > v->end - rq->addr)
        return -EFAULT;
    if (rq->new_len > rq->old_len && (v->flags & VMA_PFNMAP))
        return -EFAULT;             /* a device's memory does not grow */
    return 0;
}

/* Committed memory (VMA_ACCOUNT) grows by what the request adds: all of
 * the new range when the old one stays. */
static bool may_charge(const struct vma *v, const struct remap *rq)
{
    uint64_t added = (rq->flags & MREMAP_DONTUNMAP) ? rq->new_len : rq->new_len - rq->old_len;
    return !(v->flags & VMA_ACCOUNT) || mm_may_commit(added);
}

/* Moves [addr, addr+old_len) of v to new_addr, new_len long (Linux's
 * move_vma). /proc names [heap] and [stack] by place, so the moved copy
 * is neither. */
static long move(struct mm *mm, const struct vma *v, const struct remap *rq)
{
    if (!may_charge(v, rq))
        return -ENOMEM;
    int r = mm_prepare_move(mm, rq->addr, rq->new_addr, rq->old_len);
    if (r == 0)
        r = vma_move(&mm->vmas, rq->addr, rq->old_len, rq->new_addr, rq->new_len,
                     VMA_HEAP | VMA_STACK, rq->flags & MREMAP_DONTUNMAP);
    return r ? r : (long)rq->new_addr;
}

/* Grows in place when the range reaches the end of its VMA and what
 * follows is free; else moves, when allowed, to where mmap would map. */
static long grow(struct mm *mm, const struct vma *v, struct remap *rq)
{
    uint64_t end = rq->addr + rq->old_len, delta = rq->new_len - rq->old_len;
    if (end == v->end && delta <= TASK_SIZE_MAX - end && vma_range_free(&mm->vmas, end, delta)) {
        if (!may_charge(v, rq))
            return -ENOMEM;
        int r = vma_map(&mm->vmas, end, delta, v->prot, v->flags, v->file,
                        v->offset + (end - v->start));
        return r ? r : (long)rq->addr;
    }
    if (!(rq->flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    rq->new_addr = mm_free_area(mm, 0, rq->new_len);
    return rq->new_addr ? move(mm, v, rq) : -ENOMEM;
}

/* MREMAP_FIXED or MREMAP_DONTUNMAP (Linux's mremap_to): the target is
 * cleared first (FIXED) and the source shrunk, then moved there. */
static long remap_to(struct mm *mm, struct remap *rq)
{
    int r;
    if ((rq->flags & MREMAP_FIXED) && (r = vma_unmap(&mm->vmas, rq->new_addr, rq->new_len)))
        return r;
    if (rq->old_len > rq->new_len) {
        if ((r = unmap(mm, rq->addr + rq->new_len, rq->old_len - rq->new_len)))
            return r;
        rq->old_len = rq->new_len;
    }
    const struct vma *v = vma_find(&mm->vmas, rq->addr);   /* split by the unmaps */
    if (!v)
        return -EFAULT;
    if (rq->flags & MREMAP_FIXED) {
        if (rq->new_addr < MMAP_MIN_ADDR)
            return -EPERM;
    } else if (!(rq->new_addr = mm_free_area(mm, rq->new_addr, rq->new_len))) {
        return -ENOMEM;             /* DONTUNMAP's new_addr is only a hint */
    }
    return move(mm, v, rq);
}

static long remap_one(struct mm *mm, struct remap *rq)
{
    const struct vma *v = vma_find(&mm->vmas, rq->addr);
    if (!v)
        return -EFAULT;
    if (!to_new_place(rq) && rq->new_len <= rq->old_len) {
        int r = rq->new_len < rq->old_len
                    ? unmap(mm, rq->addr + rq->new_len, rq->old_len - rq->new_len) : 0;
        return r ? r : (long)rq->addr;
    }
    int r = check_source(v, rq);
    if (r)
        return r;
    return to_new_place(rq) ? remap_to(mm, rq) : grow(mm, v, rq);
}

/* MREMAP_FIXED without resizing moves every VMA of the range, keeping the
 * gaps between them (Linux 6.17): one move each, until one fails. The
 * range must start mapped. */
static long remap_range(struct mm *mm, const struct remap *rq)
{
    uint64_t start = rq->addr, end = rq->addr + rq->old_len;
    const struct vma *v;
    if (!vma_find(&mm->vmas, start))
        return -EFAULT;
    for (uint64_t at = start; (v = vma_find_above(&mm->vmas, at)) && v->start < end;) {
        uint64_t s = MAX(v->start, at), len = MIN(v->end, end) - s;
        struct remap piece = { s, len, len, rq->new_addr + (s - start), rq->flags };
        long r = check_source(v, &piece);
        if (r == 0)
            r = remap_to(mm, &piece);
        if (r < 0)
            return r;
        at = s + len;
    }
    return (long)rq->new_addr;
}

long mm_remap(struct mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len, uint32_t flags,
              uint64_t new_addr)
{
    struct remap rq = { addr, old_len, new_len, new_addr, flags };
    uint64_t f = spin_lock_irqsave(&mm->lock);
    long r = (flags & MREMAP_FIXED) && old_len == new_len ? remap_range(mm, &rq)
                                                          : remap_one(mm, &rq);
    spin_unlock_irqrestore(&mm->lock, f);
    return r;
}
