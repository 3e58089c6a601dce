/* A user address space: its VMAs and page tables. Shared by the threads
 * of a process. */
#pragma once
#include <stdint.h>
#include "lib/spinlock.h"
#include "mm/uaccess.h"
#include "mm/vma.h"

#define MMAP_MIN_ADDR 0x10000ul
#define MMAP_BASE 0x7ffff7fff000ul    /* top of the top-down mmap area, as Linux without ASLR */
#define STACK_TOP TASK_SIZE_MAX
#define STACK_LIMIT (8ul << 20)       /* RLIMIT_STACK */

/* mremap flags */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

struct mm {
    spinlock_t lock;                  /* guards vmas, brk and the page tables' user half */
    uint64_t pml4;                    /* physical */
    struct vma_set vmas;
    uint64_t brk_start, brk;
    /* Set by exec, for /proc/<pid>/stat and cmdline (Linux's names):
     * the initial stack pointer, the argv and envp strings, the program's
     * text and data. */
    uint64_t start_stack, arg_start, arg_end, env_start, env_end;
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t rss_pages;               /* pages mapped now: /proc's rss */
    uint64_t rss_peak;                /* the most rss_pages ever was: getrusage's maxrss */
    int refcount;
    struct mm *next_mm;               /* all address spaces: mm_list in mm.c */
};

struct mm *mm_new(void);
void mm_put(struct mm *mm);
void mm_activate(struct mm *mm);
static inline struct vma_set *mm_vmas(struct mm *mm) { return &mm->vmas; }

/* Resolves a fault at addr (error code err of #PF): 0, -EFAULT (no
 * mapping: SEGV_MAPERR), -EACCES (not allowed: SEGV_ACCERR), -EIO (a
 * file's page past its end, or a full file system: SIGBUS BUS_ADRERR) or
 * -ENOMEM (no free page). */
int mm_fault(struct mm *mm, uint64_t addr, uint64_t err);

/* A file system filled the hole at file offset off of f, a file whose
 * holes_mapped is set: mappings that show the zero page there drop it, so
 * that their next touch maps the new page. Takes mm locks: call it with
 * none of the file system's locks held. */
struct vnode;
void mm_hole_filled(struct vnode *f, uint64_t off);
/* The file f shrank to size: mappings drop their pages wholly past it.
 * Locks as mm_hole_filled. */
void mm_file_truncated(struct vnode *f, uint64_t size);
/* The file f lost its pages in [start, end) (page-aligned: a punched
 * hole): mappings drop what showed them. Locks as mm_hole_filled. */
void mm_file_punched(struct vnode *f, uint64_t start, uint64_t end);

/* mmap's work, for sys_mmap and the ELF loader: the address, or -errno.
 * file is a referenced vnode or NULL. */
struct vnode;
long mm_map(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot, uint32_t vflags,
            bool fixed, bool noreplace, struct vnode *file, uint64_t offset);
int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len);
int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot);
/* madvise over [addr, addr+len): with discard, drops the private pages
 * (the next touch reads zeros, or the file again: MADV_DONTNEED). 0, or
 * -ENOMEM when part of the range is unmapped (after doing the rest). */
int mm_advise(struct mm *mm, uint64_t addr, uint64_t len, bool discard);
/* mincore over pages pages from addr (page-aligned): vec[i] is 1 where
 * the page is in memory, else 0. 0, or -ENOMEM when a page is unmapped. */
int mm_mincore(struct mm *mm, uint64_t addr, uint64_t pages, uint8_t *vec);
/* mremap's work after sys_mremap's argument checks (lengths page-aligned,
 * new_len > 0, flags valid, a new_addr that FIXED or DONTUNMAP uses
 * aligned, in range and apart from the old range): the address, or
 * -errno. */
long mm_remap(struct mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len, uint32_t flags,
              uint64_t new_addr);
