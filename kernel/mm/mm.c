/* Address spaces. mmap only records a VMA; the page-fault handler fills
 * pages on first touch: zeros for anonymous memory, a copy of the file for
 * private file mappings. A read of a file's hole maps the zero page (a
 * sparse file costs no memory until written); a page wholly past the end
 * of the file is SIGBUS, as Linux. */
#include "mm/mm.h"
#include "mm/internal.h"
#include "arch/x86_64/x86.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "mm/vdso.h"

#define PF_PRESENT 1
#define PF_WRITE 2
#define PF_USER 4
#define PF_INSTR 16

/* A page of a PROT_NONE range is kept with its present bit clear (so that
 * neither the program nor copy_to_user can touch it) and this software bit
 * set, which the hardware ignores in a non-present entry. */
#define PTE_PROTNONE (1ul << 9)
#define PTE_HAS_PAGE(e) ((e) & (PTE_P | PTE_PROTNONE))
/* A private mapping's page that still is the file's own (mapped in place,
 * read-only): the first write copies it. Another software bit. */
#define PTE_COW (1ul << 10)

static uint64_t pte_flags(uint32_t prot)
{
    uint64_t f = PTE_P | PTE_U;
    if (prot & PROT_WRITE)
        f |= PTE_W;
    if (!(prot & PROT_EXEC))
        f |= PTE_NX;
    return f;
}

/* Only this CPU runs the address space today; with SMP this becomes a
 * shootdown to the CPUs in the mm's cpumask. */
static void flush_page(struct mm *mm, uint64_t va)
{
    if (read_cr3() == mm->pml4)
        invlpg(va);
}

/* The next page at or above *va, below end, that has a PTE with a page:
 * that PTE, with *va at its page; NULL when there is none. Every walk of a
 * range goes through here: a range may be terabytes of which a few pages
 * are present, and the walks run with interrupts off. */
static uint64_t *next_page(struct mm *mm, uint64_t *va, uint64_t end)
{
    uint64_t *pte;
    for (; (pte = paging_next_pte(mm->pml4, va, end)); *va += PAGE_SIZE)
        if (PTE_HAS_PAGE(*pte))
            return pte;
    return NULL;
}

static void vma_unmapped(struct vma_set *set, const struct vma *v, uint64_t start, uint64_t end)
{
    struct mm *mm = set->owner;
    uint64_t *pte;
    for (uint64_t va = start; (pte = next_page(mm, &va, end)); va += PAGE_SIZE) {
        uint64_t pa = *pte & PTE_ADDR;
        *pte = 0;
        flush_page(mm, va);
        if (!(v->flags & VMA_PFNMAP))      /* a device's page is not ours */
            pmm_page_put(pa);
        mm->rss_pages--;
    }
}

static void vma_protected(struct vma_set *set, const struct vma *v, uint64_t start,
                          uint64_t end, uint32_t prot)
{
    struct mm *mm = set->owner;
    uint64_t *pte;
    for (uint64_t va = start; (pte = next_page(mm, &va, end)); va += PAGE_SIZE) {
        /* The memory type stays: a framebuffer remains write-combining. */
        uint64_t keep = *pte & (PTE_ADDR | PTE_COW | PTE_CACHE_MASK);
        if (prot == PROT_NONE)
            *pte = keep | PTE_PROTNONE;
        else if (keep & PTE_COW)
            *pte = keep | (pte_flags(prot) & ~PTE_W);
        else
            *pte = keep | pte_flags(prot);
        flush_page(mm, va);
    }
}

int mm_prepare_move(struct mm *mm, uint64_t from, uint64_t to, uint64_t len)
{
    for (uint64_t va = from; next_page(mm, &va, from + len); va += PAGE_SIZE)
        if (!paging_pte(mm->pml4, to + (va - from), true))
            return -ENOMEM;
    return 0;
}

/* mremap: the PTEs move as they are (pages, COW and PROT_NONE marks, a
 * device's memory type); no page is copied. mm_prepare_move made the
 * tables at the target. */
static void vma_moved(struct vma_set *set, const struct vma *v, uint64_t from, uint64_t to,
                      uint64_t len)
{
    struct mm *mm = set->owner;
    uint64_t *pte;
    for (uint64_t va = from; (pte = next_page(mm, &va, from + len)); va += PAGE_SIZE) {
        uint64_t *dst = paging_pte(mm->pml4, to + (va - from), false);
        BUG_ON(!dst);
        *dst = *pte;
        *pte = 0;
        flush_page(mm, va);
    }
}

/* Every address space, for mm_hole_filled. mm_list_lock before mm->lock. */
static spinlock_t mm_list_lock = SPINLOCK_INIT;
static struct mm *mm_list;            /* guarded by mm_list_lock */

/* One frame of zeros that read faults on holes of files map read-only,
 * marked PTE_COW so that a write replaces it. Allocated at first use. */
static uint64_t zero_pa;

/* The zero page with a reference for a PTE, or 0 when out of memory. */
static uint64_t zero_page_get(void)
{
    uint64_t pa = __atomic_load_n(&zero_pa, __ATOMIC_ACQUIRE);
    if (!pa) {
        uint64_t fresh = pmm_alloc_zeroed_page(), none = 0;
        if (!fresh)
            return 0;
        if (__atomic_compare_exchange_n(&zero_pa, &none, fresh, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            pa = fresh;               /* its first reference is the kernel's, forever */
        else {
            pmm_page_put(fresh);
            pa = none;
        }
    }
    __atomic_add_fetch(&pmm_page(pa)->refcount, 1, __ATOMIC_RELAXED);
    return pa;
}

static bool is_zero_page(uint64_t pte)
{
    uint64_t zero = __atomic_load_n(&zero_pa, __ATOMIC_ACQUIRE);
    return zero && PTE_HAS_PAGE(pte) && (pte & PTE_ADDR) == zero;
}

static void vma_file_get(void *f) { vnode_get(f); }
static void vma_file_put(void *f) { vnode_put(f); }

static const struct vma_ops mm_vma_ops = {
    .unmapped = vma_unmapped, .protected = vma_protected, .moved = vma_moved,
    .file_get = vma_file_get, .file_put = vma_file_put,
};

struct mm *mm_new(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));
    if (!mm)
        return NULL;
    mm->pml4 = paging_new_pml4();
    if (!mm->pml4) {
        kfree(mm);
        return NULL;
    }
    vma_set_init(&mm->vmas, &mm_vma_ops, mm);
    mm->refcount = 1;
    uint64_t flags = spin_lock_irqsave(&mm_list_lock);
    mm->next_mm = mm_list;
    mm_list = mm;
    spin_unlock_irqrestore(&mm_list_lock, flags);
    return mm;
}

void mm_put(struct mm *mm)
{
    if (__atomic_sub_fetch(&mm->refcount, 1, __ATOMIC_ACQ_REL))
        return;
    uint64_t flags = spin_lock_irqsave(&mm_list_lock);
    struct mm **p = &mm_list;
    while (*p != mm)
        p = &(*p)->next_mm;
    *p = mm->next_mm;
    spin_unlock_irqrestore(&mm_list_lock, flags);
    if (read_cr3() == mm->pml4)
        paging_switch(kernel_pml4());
    vma_set_destroy(&mm->vmas);
    paging_free_pml4(mm->pml4);
    kfree(mm);
}

void mm_activate(struct mm *mm)
{
    uint64_t want = mm ? mm->pml4 : kernel_pml4();
    if (read_cr3() != want)
        paging_switch(want);
}

/* The stack grows down into the gap below it, up to its limit. */
static struct vma *grow_stack(struct mm *mm, uint64_t addr)
{
    struct vma *v = vma_find_above(&mm->vmas, addr);
    if (!v || !(v->flags & VMA_GROWSDOWN) || STACK_TOP - addr > STACK_LIMIT)
        return NULL;
    uint64_t start = ALIGN_DOWN(addr, PAGE_SIZE);
    struct vma *below = v->prev;
    if (below && below->end > start - PAGE_SIZE)     /* keep a guard gap */
        return NULL;
    if (vma_map(&mm->vmas, start, v->start - start, v->prot, v->flags, NULL, 0))
        return NULL;
    return vma_find(&mm->vmas, addr);
}

/* A new page for va: the file's contents or zeros. */
static int fill_page(struct vma *v, uint64_t va, uint64_t *pa_out)
{
    struct vnode *f = v->file;
    uint64_t pa = pmm_alloc(0);
    if (!pa)
        return -ENOMEM;
    void *dst = phys_to_virt(pa);
    if (f && f->ops->read_page) {
        int r = f->ops->read_page(f, v->offset + (va - v->start), dst);
        if (r) {
            pmm_free(pa, 0);
            return r;
        }
    } else {
        memset(dst, 0, PAGE_SIZE);
    }
    *pa_out = pa;
    return 0;
}

static void rss_add(struct mm *mm)
{
    if (++mm->rss_pages > mm->rss_peak)
        mm->rss_peak = mm->rss_pages;
}

/* A device's page (VMA_PFNMAP), or the vDSO's: its physical address,
 * with its memory type; never one of the page allocator's. */
static int map_device_page(struct mm *mm, struct vma *v, uint64_t va, uint64_t *pte)
{
    uint64_t off = v->offset + (va - v->start), pa, cache = 0;
    if (v->flags & VMA_VDSO) {
        pa = vdso_page(off);
    } else {
        struct iomem io;
        const struct file_ops *fops = ((struct vnode *)v->file)->fops;
        bool there = fops && fops->iomem && !fops->iomem(v->file, &io) && off < io.len;
        pa = there ? io.phys + off : 0;
        cache = there ? io.cache & PTE_CACHE_MASK : 0;
    }
    if (!pa)
        return -EFAULT;            /* the device went away or shrank: SIGSEGV */
    *pte = pa | pte_flags(v->prot) | cache;
    rss_add(mm);
    return 0;
}

/* A file's page for a fault at file offset off, when the file system
 * shares its pages: the frame (referenced) in *pa, with *cow when the PTE
 * must stay read-only until written (a private mapping of the file's
 * page, or the zero page for a hole). *pa stays 0 when the page must be
 * copied (a read-only mount that cannot lend it). A shared mapping's
 * write fills a hole: -EIO (SIGBUS, as Linux's shmem) when the file
 * system is full. */
static int share_file_page(struct vma *v, uint64_t off, bool write, uint64_t *pa, bool *cow)
{
    struct vnode *f = v->file;
    bool shared = v->flags & VMA_SHARED, fill = shared && write;
    *pa = f->ops->share_page(f, off, fill);
    *cow = *pa && !shared;
    if (*pa || (f->mnt && f->mnt->rdonly))
        return 0;
    if (fill)
        return -EIO;
    *pa = zero_page_get();
    *cow = true;
    return *pa ? 0 : -ENOMEM;
}

/* The PTE for a page that is not there yet: a shared mapping maps the
 * file's page; a private one maps it read-only until written (COW) when
 * this fault only reads; a hole read maps the zero page; else a private
 * copy or zeros. */
static int map_new_page(struct mm *mm, struct vma *v, uint64_t va, uint64_t err, uint64_t *pte)
{
    struct vnode *f = v->file;
    uint64_t pa = 0, off = v->offset + (va - v->start);
    bool cow = false;
    if (v->flags & VMA_PFNMAP)
        return map_device_page(mm, v, va, pte);
    if (f && off >= ALIGN_UP(__atomic_load_n(&f->size, __ATOMIC_RELAXED), PAGE_SIZE))
        return -EIO;                  /* wholly past the end of the file: SIGBUS */
    if (f && f->ops->share_page && ((v->flags & VMA_SHARED) || !(err & PF_WRITE))) {
        int r = share_file_page(v, off, err & PF_WRITE, &pa, &cow);
        if (r)
            return r;
    }
    if (!pa) {
        int r = fill_page(v, va, &pa);
        if (r)
            return r;
    }
    *pte = pa | (cow ? (pte_flags(v->prot) & ~PTE_W) | PTE_COW : pte_flags(v->prot));
    rss_add(mm);
    return 0;
}

/* A write to a page still shared with the file: copy it. */
static int copy_on_write(struct mm *mm, struct vma *v, uint64_t va, uint64_t *pte)
{
    uint64_t old = *pte & PTE_ADDR;
    uint64_t pa = pmm_alloc(0);
    if (!pa)
        return -ENOMEM;
    memcpy(phys_to_virt(pa), phys_to_virt(old), PAGE_SIZE);
    *pte = pa | pte_flags(v->prot);
    flush_page(mm, va);
    pmm_page_put(old);
    return 0;
}

/* Calls fn on each part [start, end) of a mapping of f, in every address
 * space (its lock held), that maps file offsets in [from, to). */
static void for_each_file_range(struct vnode *f, uint64_t from, uint64_t to,
                                void (*fn)(struct mm *mm, struct vma *v, uint64_t start,
                                           uint64_t end))
{
    uint64_t lf = spin_lock_irqsave(&mm_list_lock);
    for (struct mm *mm = mm_list; mm; mm = mm->next_mm) {
        uint64_t flags = spin_lock_irqsave(&mm->lock);
        for (struct vma *v = vma_find_above(&mm->vmas, 0); v; v = v->next) {
            uint64_t vto = v->offset + (v->end - v->start);
            uint64_t a = MAX(from, v->offset), b = MIN(to, vto);
            if (v->file == f && !(v->flags & VMA_PFNMAP) && a < b)
                fn(mm, v, v->start + (a - v->offset), v->start + (b - v->offset));
        }
        spin_unlock_irqrestore(&mm->lock, flags);
    }
    spin_unlock_irqrestore(&mm_list_lock, lf);
}

/* The file has a page where [start, end) shows the zero page: dropped, so
 * that the next touch maps the file's page. */
static void drop_zero_pages(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
    uint64_t *pte;
    for (uint64_t va = start; (pte = next_page(mm, &va, end)); va += PAGE_SIZE) {
        if (is_zero_page(*pte)) {
            uint64_t pa = *pte & PTE_ADDR;
            *pte = 0;
            flush_page(mm, va);
            pmm_page_put(pa);
            mm->rss_pages--;
        }
    }
}

void mm_hole_filled(struct vnode *f, uint64_t off)
{
    off = ALIGN_DOWN(off, PAGE_SIZE);
    for_each_file_range(f, off, off + PAGE_SIZE, drop_zero_pages);
}

/* Pages past the end of the file: gone, private copies too (Linux's
 * truncate_pagecache), so that the next touch is SIGBUS. */
static void unmap_pages(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
    vma_unmapped(&mm->vmas, v, start, end);
}

void mm_file_truncated(struct vnode *f, uint64_t size)
{
    for_each_file_range(f, ALIGN_UP(size, PAGE_SIZE), UINT64_MAX, unmap_pages);
}

/* A hole punched in the file: the pages that showed the file's own page
 * (shared mappings, and private ones not yet copied: PTE_COW) are dropped,
 * so that the next touch sees the hole; private copies stay, as Linux's
 * unmap_mapping_range without even_cows. */
static void drop_file_pages(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
    if (v->flags & VMA_SHARED) {
        vma_unmapped(&mm->vmas, v, start, end);
        return;
    }
    uint64_t *pte;
    for (uint64_t va = start; (pte = next_page(mm, &va, end)); va += PAGE_SIZE) {
        if (*pte & PTE_COW) {
            uint64_t pa = *pte & PTE_ADDR;
            *pte = 0;
            flush_page(mm, va);
            pmm_page_put(pa);
            mm->rss_pages--;
        }
    }
}

void mm_file_punched(struct vnode *f, uint64_t start, uint64_t end)
{
    for_each_file_range(f, start, end, drop_file_pages);
}

/* Whether the page at va of v is in memory: mapped here, or held by the
 * file it maps (Linux looks in the page cache: a file system that keeps
 * the whole file in memory holds every page below its end). */
static bool page_resident(struct mm *mm, struct vma *v, uint64_t va)
{
    uint64_t *pte = paging_pte(mm->pml4, va, false);
    if ((pte && PTE_HAS_PAGE(*pte)) || (v->flags & VMA_PFNMAP))
        return true;
    struct vnode *f = v->file;
    uint64_t off = v->offset + (va - v->start);
    if (!f)
        return false;
    if (f->ops->direct && f->ops->direct(f))
        return off < __atomic_load_n(&f->size, __ATOMIC_RELAXED);
    return f->ops->holds_page && f->ops->holds_page(f, off);
}

int mm_mincore(struct mm *mm, uint64_t addr, uint64_t pages, uint8_t *vec)
{
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    int r = 0;
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t va = addr + i * PAGE_SIZE;
        struct vma *v = vma_find(&mm->vmas, va);
        if (!v) {
            r = -ENOMEM;
            break;
        }
        vec[i] = page_resident(mm, v, va);
    }
    spin_unlock_irqrestore(&mm->lock, flags);
    return r;
}

/* A write to the zero page of a shared mapping's hole: the file gets a
 * page there, which the PTE maps instead. */
static int fill_shared_hole(struct mm *mm, struct vma *v, uint64_t va, uint64_t err,
                            uint64_t *pte)
{
    uint64_t old = *pte & PTE_ADDR;
    *pte = 0;
    mm->rss_pages--;
    int r = map_new_page(mm, v, va, err, pte);
    flush_page(mm, va);
    pmm_page_put(old);
    return r;
}

int mm_fault(struct mm *mm, uint64_t addr, uint64_t err)
{
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    int r = 0;
    struct vnode *filled = NULL;      /* a file whose hole this write may have filled */
    uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE), filled_off = 0;
    struct vma *v = vma_find(&mm->vmas, addr);
    if (!v)
        v = grow_stack(mm, addr);
    if (!v) {
        r = -EFAULT;
        goto out;
    }
    if (((err & PF_WRITE) && !(v->prot & PROT_WRITE)) ||
        ((err & PF_INSTR) && !(v->prot & PROT_EXEC)) ||
        !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) {
        r = -EACCES;
        goto out;
    }
    uint64_t *pte = paging_pte(mm->pml4, va, true);
    if (!pte) {
        r = -ENOMEM;
        goto out;
    }
    if ((*pte & PTE_COW) && (err & PF_WRITE)) {
        r = (v->flags & VMA_SHARED) ? fill_shared_hole(mm, v, va, err, pte)
                                    : copy_on_write(mm, v, va, pte);
        goto out;
    }
    if (PTE_HAS_PAGE(*pte)) {
        /* Another thread filled it, or the TLB was stale: retry. */
        flush_page(mm, va);
        goto out;
    }
    r = map_new_page(mm, v, va, err, pte);
out:
    /* Read after the fill: a hole mapped before it was filled is seen. */
    if (r == 0 && v && (v->flags & VMA_SHARED) && v->file && (err & PF_WRITE) &&
        __atomic_load_n(&((struct vnode *)v->file)->holes_mapped, __ATOMIC_ACQUIRE)) {
        filled = v->file;
        filled_off = v->offset + (va - v->start);
        vnode_get(filled);
    }
    spin_unlock_irqrestore(&mm->lock, flags);
    /* Other mappings of the page that this write may have filled still
     * show the zero page (this one maps the new page: left alone). */
    if (filled) {
        mm_hole_filled(filled, filled_off);
        vnode_put(filled);
    }
    return r;
}

bool mm_may_commit(uint64_t len)
{
    return len / PAGE_SIZE <= pmm_total_pages();
}

uint64_t mm_free_area(struct mm *mm, uint64_t hint, uint64_t len)
{
    if (hint >= MMAP_MIN_ADDR && hint + len <= MMAP_BASE && vma_range_free(&mm->vmas, hint, len))
        return hint;
    return vma_find_free(&mm->vmas, len, MMAP_MIN_ADDR, MMAP_BASE);
}

long mm_map(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot, uint32_t vflags,
            bool fixed, bool noreplace, struct vnode *file, uint64_t offset)
{
    len = ALIGN_UP(len, PAGE_SIZE);
    /* Private writable memory is committed (VM_ACCOUNT). */
    if ((prot & PROT_WRITE) && !(vflags & (VMA_SHARED | VMA_NORESERVE))) {
        if (!mm_may_commit(len))
            return -ENOMEM;
        vflags |= VMA_ACCOUNT;
    }
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    long r;
    if (fixed || noreplace) {
        if (noreplace && !vma_range_free(&mm->vmas, addr, len)) {
            r = -EEXIST;
            goto out;
        }
    } else if (!(addr = mm_free_area(mm, addr, len))) {
        r = -ENOMEM;
        goto out;
    }
    r = vma_map(&mm->vmas, addr, len, prot, vflags, file, offset);
    if (r == 0)
        r = (long)addr;
out:
    spin_unlock_irqrestore(&mm->lock, flags);
    return r;
}

int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len)
{
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    int r = vma_unmap(&mm->vmas, addr, ALIGN_UP(len, PAGE_SIZE));
    spin_unlock_irqrestore(&mm->lock, flags);
    return r;
}

/* A shared mapping of a file opened read-only never becomes writable, and
 * neither does the vDSO (Linux would copy it on write; here every process
 * maps the same pages). */
static bool may_protect(struct mm *mm, uint64_t addr, uint64_t end, uint32_t prot)
{
    if (!(prot & PROT_WRITE))
        return true;
    for (struct vma *v = vma_find_above(&mm->vmas, addr); v && v->start < end; v = v->next)
        if (((v->flags & VMA_SHARED) && v->file && !(v->flags & VMA_MAYWRITE)) ||
            (v->flags & VMA_VDSO))
            return false;
    return true;
}

int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot)
{
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    len = ALIGN_UP(len, PAGE_SIZE);
    int r = may_protect(mm, addr, addr + len, prot) ? vma_protect(&mm->vmas, addr, len, prot)
                                                    : -EACCES;
    spin_unlock_irqrestore(&mm->lock, flags);
    return r;
}

int mm_advise(struct mm *mm, uint64_t addr, uint64_t len, bool discard)
{
    uint64_t flags = spin_lock_irqsave(&mm->lock);
    uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
    int r = 0;
    uint64_t a = addr;
    while (a < end) {
        struct vma *v = vma_find_above(&mm->vmas, a);
        if (!v || v->start >= end)
            break;
        if (v->start > a)
            r = -ENOMEM;              /* Linux reports holes, after doing the rest */
        uint64_t s = MAX(a, v->start), e = MIN(end, v->end);
        /* A shared mapping's pages belong to what it shares: dropping them
         * from this address space changes nothing the program can see. */
        if (discard && !(v->flags & VMA_SHARED))
            vma_unmapped(&mm->vmas, v, s, e);
        a = e;
    }
    if (a < end)
        r = -ENOMEM;
    spin_unlock_irqrestore(&mm->lock, flags);
    return r;
}
