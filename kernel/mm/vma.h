/* The set of virtual memory areas of an address space. Pure bookkeeping:
 * page tables are the caller's (mm/mmap.c), told about removed ranges
 * through vma_ops.unmapped. Unit-tested on the host. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* prot bits: Linux PROT_* values. */
#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

/* vma flags */
#define VMA_SHARED    0x01   /* MAP_SHARED */
#define VMA_NORESERVE 0x02
#define VMA_STACK     0x04   /* shown as [stack] */
#define VMA_HEAP      0x08   /* shown as [heap] */
#define VMA_GROWSDOWN 0x10
/* Linux's VM_ACCOUNT: private memory that was writable (committed). It
 * keeps such a VMA from merging with never-writable neighbours, which
 * /proc/self/maps shows. vma_protect sets it when a private VMA without
 * VMA_NORESERVE first becomes writable. */
#define VMA_ACCOUNT   0x20
/* A shared file mapping whose file was opened for writing: it may become
 * writable (Linux's VM_MAYWRITE). */
#define VMA_MAYWRITE  0x40
/* Device memory (Linux's VM_PFNMAP): the pages are a device's, e.g. a
 * framebuffer, not RAM the kernel owns; they are never referenced or
 * freed through the page allocator. */
#define VMA_PFNMAP    0x80
/* The vDSO's pages (mm/vdso.c), with VMA_PFNMAP: offset 0 is [vvar],
 * the rest [vdso]. Never writable. */
#define VMA_VDSO      0x100

struct vma {
    uint64_t start, end;     /* [start, end), page-aligned, start < end */
    uint32_t prot;
    uint32_t flags;
    void *file;              /* NULL for anonymous memory; opaque, refcounted through ops */
    uint64_t offset;         /* file offset that `start` maps */
    struct vma *prev, *next; /* sorted by address, non-overlapping */
};

struct vma_set;

struct vma_ops {
    /* [start, end) of v stops being mapped (unmap, or replaced by vma_map):
     * the caller frees its pages. Called before v changes. May be NULL. */
    void (*unmapped)(struct vma_set *set, const struct vma *v, uint64_t start, uint64_t end);
    /* [start, end) of v changes protection from v->prot to prot. May be NULL. */
    void (*protected)(struct vma_set *set, const struct vma *v, uint64_t start, uint64_t end, uint32_t prot);
    /* The pages of [from, from+len) of v now belong at [to, to+len)
     * (vma_move): the caller moves them. May be NULL. */
    void (*moved)(struct vma_set *set, const struct vma *v, uint64_t from, uint64_t to, uint64_t len);
    void (*file_get)(void *file);   /* may be NULL */
    void (*file_put)(void *file);   /* may be NULL */
};

struct vma_set {
    struct vma *head;        /* lowest */
    size_t count;
    struct vma *cache;       /* last found, speeds up page faults */
    const struct vma_ops *ops;
    void *owner;             /* for the callbacks */
};

void vma_set_init(struct vma_set *set, const struct vma_ops *ops, void *owner);
/* Unmaps everything (calling ops.unmapped) and frees the VMAs. */
void vma_set_destroy(struct vma_set *set);

/* The VMA containing addr, or NULL. */
struct vma *vma_find(struct vma_set *set, uint64_t addr);
/* The first VMA that ends above addr (contains it or lies above), or NULL. */
struct vma *vma_find_above(struct vma_set *set, uint64_t addr);
/* True when no VMA intersects [start, start+len). */
bool vma_range_free(struct vma_set *set, uint64_t start, uint64_t len);
/* The highest page-aligned start s with [s, s+len) free and
 * lo <= s, s+len <= hi (top-down, as Linux's mmap). 0 when none fits. */
uint64_t vma_find_free(struct vma_set *set, uint64_t len, uint64_t lo, uint64_t hi);

/* Maps [start, start+len) (page-aligned, len > 0), replacing whatever
 * overlaps (MAP_FIXED semantics: overlapped parts are split off and
 * reported through ops.unmapped). Merges with neighbours that have the same
 * prot, flags and file with contiguous offsets (anonymous: file NULL), like
 * Linux, except VMAs with VMA_STACK/VMA_HEAP flags only merge with equal
 * flags. Takes a file reference (ops.file_get) for each VMA that keeps it.
 * 0 or -ENOMEM. */
int vma_map(struct vma_set *set, uint64_t start, uint64_t len, uint32_t prot,
            uint32_t flags, void *file, uint64_t offset);
/* Removes [start, start+len), splitting VMAs at the edges; unmapped holes
 * inside are fine (Linux munmap). 0 or -ENOMEM. */
int vma_unmap(struct vma_set *set, uint64_t start, uint64_t len);
/* Changes protection of [start, start+len), splitting at the edges and
 * merging afterwards. -ENOMEM (and nothing changed) if any page of the range
 * is unmapped, as Linux mprotect. */
int vma_protect(struct vma_set *set, uint64_t start, uint64_t len, uint32_t prot);
/* mremap's move: [old, old+old_len), which must lie in one VMA, becomes
 * [new, new+new_len) (new_len >= old_len, the two ranges apart), replacing
 * whatever was there (MAP_FIXED semantics). The moved VMA keeps the
 * source's prot, file and flags (less clear_flags), and maps the file on
 * from where old did. ops.moved hands the pages over. The source range is
 * removed unless keep_old (MREMAP_DONTUNMAP: it stays, without pages).
 * old_len 0 only copies the VMA. 0, -EFAULT (the source is not within one
 * VMA) or -ENOMEM (nothing changed). */
int vma_move(struct vma_set *set, uint64_t old, uint64_t old_len, uint64_t new,
             uint64_t new_len, uint32_t clear_flags, bool keep_old);
