/* Memory syscalls: mmap, munmap, mprotect, mremap, brk, madvise, msync,
 * mincore, memfd_create, with Linux's argument checks and errors. The work
 * is in mm/mm.c, mm/mremap.c and fs/memfd.c. */
#include "fs/fdtable.h"
#include "fs/memfd.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/mm.h"
#include "mm/paging.h"
#include "sched/proc.h"
#include "sys/syscall.h"

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_NORESERVE 0x4000
#define MAP_FIXED_NOREPLACE 0x100000

/* The largest file offset (Linux's MAX_LFS_FILESIZE): no mapping of a
 * regular file reaches past it. */
#define MAX_LFS_FILESIZE 0x7fffffffffffffffull

#define MADV_NORMAL 0
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9
#define MADV_HWPOISON 100

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

static bool page_aligned(uint64_t a) { return (a & (PAGE_SIZE - 1)) == 0; }

/* A device's memory maps only whole and shared, within its size (as
 * Linux's vm_iomap_memory): VMA_PFNMAP, or -errno. */
static long device_mapping(struct file *f, int type, uint64_t off, uint64_t len)
{
    struct iomem io;
    if (type != MAP_SHARED)
        return -ENODEV;
    long r = f->ops->iomem(f->vnode, &io);
    if (r)
        return r;
    if (off >= io.len || len > io.len - off)
        return -EINVAL;
    return VMA_PFNMAP;
}

/* The referenced vnode to map for fd, or -errno; *maywrite when the file
 * is open for writing, *vflags gets VMA_PFNMAP for device memory. */
static long mappable_file(int fd, uint32_t prot, int type, uint64_t off, uint64_t len,
                          struct vnode **out, bool *maywrite, uint32_t *vflags)
{
    struct file *f = fd_get(current_proc()->files, fd);
    if (!f)
        return -EBADF;
    long r = 0;
    uint32_t acc = f->flags & O_ACCMODE;
    if (f->flags & O_PATH)
        r = -EBADF;
    else if (S_ISCHR(f->vnode->mode) && f->ops->iomem)
        r = device_mapping(f, type, off, len);
    else if (!f->vnode->ops->read_page || !S_ISREG(f->vnode->mode))
        r = -ENODEV;
    else if (off > MAX_LFS_FILESIZE || len > MAX_LFS_FILESIZE - off)
        r = -EOVERFLOW;           /* Linux's file_mmap_ok */
    *vflags = r > 0 ? (uint32_t)r : 0;
    r = r > 0 ? 0 : r;
    if (r == 0 && (acc == O_WRONLY || (type == MAP_SHARED && (prot & PROT_WRITE) && acc != O_RDWR)))
        r = -EACCES;
    if (r == 0) {
        *maywrite = acc == O_RDWR;
        *out = f->vnode;
        vnode_get(*out);
    }
    file_put(f);
    return r;
}

/* Linux's x86-64 mmap takes every argument as an unsigned long; the fd is
 * its low 32 bits (fget's unsigned int). */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
               unsigned long, flags, unsigned long, fd, unsigned long, off)
{
    int type = flags & MAP_TYPE;
    bool fixed = flags & MAP_FIXED, noreplace = flags & MAP_FIXED_NOREPLACE;
    if (len == 0 || !page_aligned(off) || (prot & ~7ul) ||
        (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE))
        return -EINVAL;
    uint64_t alen = ALIGN_UP(len, PAGE_SIZE);
    if (alen == 0 || alen > TASK_SIZE_MAX)
        return -ENOMEM;
    if (fixed || noreplace) {
        if (!page_aligned(addr))
            return -EINVAL;
        if (addr + alen > TASK_SIZE_MAX || addr + alen < addr)
            return -ENOMEM;
        if (addr < MMAP_MIN_ADDR)
            return -EPERM;
    }
    if (type == MAP_SHARED_VALIDATE) {
        if (flags & MAP_ANONYMOUS)
            return -EINVAL;           /* Linux validates only file mappings */
        type = MAP_SHARED;
    }
    struct vnode *file = NULL;
    bool maywrite = false;
    uint32_t vflags = 0;
    if (!(flags & MAP_ANONYMOUS)) {
        long r = mappable_file((int)fd, (uint32_t)prot, type, off, alen, &file, &maywrite, &vflags);
        if (r)
            return r;
    }
    vflags |= (type == MAP_SHARED ? VMA_SHARED : 0) | (maywrite ? VMA_MAYWRITE : 0) |
                      ((flags & MAP_NORESERVE) ? VMA_NORESERVE : 0) |
                      ((flags & MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0);
    long r = mm_map(current_proc()->mm, fixed || noreplace ? addr : ALIGN_DOWN(addr, PAGE_SIZE),
                    alen, (uint32_t)prot, vflags, fixed, noreplace, file, file ? off : 0);
    if (file)
        vnode_put(file);          /* the VMA holds its own reference */
    return r;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
    if (!page_aligned(addr) || len == 0 || addr + len > TASK_SIZE_MAX || addr + len < addr)
        return -EINVAL;
    return mm_unmap(current_proc()->mm, addr, len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, size_t, len, unsigned long, prot)
{
    if (!page_aligned(addr) || (prot & ~7ul))
        return -EINVAL;
    uint64_t alen = ALIGN_UP(len, PAGE_SIZE);
    if (alen < len || addr + alen < addr)
        return -ENOMEM;
    if (alen == 0)
        return 0;
    if (addr + alen > TASK_SIZE_MAX)
        return -ENOMEM;
    return mm_protect(current_proc()->mm, addr, alen, (uint32_t)prot);
}

/* mremap's checks of its arguments alone (Linux's check_mremap_params);
 * the rest depends on the mappings (mm/mremap.c). */
SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len,
               unsigned long, flags, unsigned long, new_addr)
{
    bool new_place = flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
    old_len = ALIGN_UP(old_len, PAGE_SIZE);
    new_len = ALIGN_UP(new_len, PAGE_SIZE);
    if ((flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
        !page_aligned(addr) || new_len == 0 || new_len > TASK_SIZE_MAX)
        return -EINVAL;
    if (new_place) {
        /* A new place is a move, of the same size when the old one stays. */
        if (new_addr > TASK_SIZE_MAX - new_len || !page_aligned(new_addr) ||
            !(flags & MREMAP_MAYMOVE) || ((flags & MREMAP_DONTUNMAP) && old_len != new_len))
            return -EINVAL;
        if (addr + old_len > new_addr && new_addr + new_len > addr)
            return -EINVAL;
    }
    return mm_remap(current_proc()->mm, addr, old_len, new_len, (uint32_t)flags, new_addr);
}

/* brk answers with the break it ends up with; failures leave it as it was. */
SYSCALL_DEFINE1(brk, unsigned long, want)
{
    struct mm *mm = current_proc()->mm;
    uint64_t cur = mm->brk;
    if (want < mm->brk_start || want > MMAP_BASE)
        return (long)cur;
    uint64_t old_end = ALIGN_UP(cur, PAGE_SIZE), new_end = ALIGN_UP(want, PAGE_SIZE);
    if (new_end > old_end) {
        if (mm_map(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE, VMA_HEAP, false, true,
                   NULL, 0) < 0)
            return (long)cur;
    } else if (new_end < old_end) {
        mm_unmap(mm, new_end, old_end - new_end);
    }
    mm->brk = want;
    return (long)want;
}

SYSCALL_DEFINE3(madvise, unsigned long, addr, size_t, len, int, advice)
{
    if (!page_aligned(addr))
        return -EINVAL;
    uint64_t alen = ALIGN_UP(len, PAGE_SIZE);
    if (alen < len || addr + alen < addr)
        return -EINVAL;
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_FREE:
        return alen ? mm_advise(current_proc()->mm, addr, alen, true) : 0;
    case MADV_REMOVE:
    case MADV_HWPOISON:
        return -EINVAL;
    default:
        /* Hints (NORMAL, RANDOM, SEQUENTIAL, WILLNEED, HUGEPAGE, DONTFORK,
         * ...) change nothing a program can observe here. */
        if (advice < 0 || advice > 25)
            return -EINVAL;
        return alen ? mm_advise(current_proc()->mm, addr, alen, false) : 0;
    }
}

/* A shared mapping of a file here maps the file's own frames (tmpfs,
 * initramfs: no backing store behind them), so every store is already in
 * the file: msync has nothing to write, only Linux's checks to make. An
 * unmapped page in the range is -ENOMEM; MS_INVALIDATE's -EBUSY is for
 * mlocked pages, which do not exist here. */
SYSCALL_DEFINE3(msync, unsigned long, addr, size_t, len, int, flags)
{
    if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !page_aligned(addr) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    /* As Linux, a length that rounds up past 2^64 wraps to 0: nothing to do. */
    uint64_t alen = ALIGN_UP(len, PAGE_SIZE);
    if (addr + alen < addr)
        return -ENOMEM;
    return alen ? mm_advise(current_proc()->mm, addr, alen, false) : 0;
}

/* Linux's access_ok: [p, p + n) ends at or below TASK_SIZE_MAX. */
static bool user_span_ok(uint64_t p, uint64_t n)
{
    return p + n >= p && p + n <= TASK_SIZE_MAX;
}

/* One byte a page of [addr, addr + len): 1 in memory, 0 not, a page of
 * vec at a time as Linux. */
SYSCALL_DEFINE3(mincore, unsigned long, addr, size_t, len, uint8_t __user *, uvec)
{
    if (!page_aligned(addr))
        return -EINVAL;
    if (!user_span_ok(addr, len))
        return -ENOMEM;
    uint64_t pages = len / PAGE_SIZE + (len % PAGE_SIZE != 0);
    if (!user_span_ok((uint64_t)uvec, pages))
        return -EFAULT;
    uint8_t *buf = pages ? kmalloc(PAGE_SIZE) : NULL;
    if (pages && !buf)
        return -ENOMEM;
    long r = 0;
    while (r == 0 && pages) {
        uint64_t n = MIN(pages, (uint64_t)PAGE_SIZE);
        r = mm_mincore(current_proc()->mm, addr, n, buf);
        if (r == 0 && copy_to_user(uvec, buf, n))
            r = -EFAULT;
        uvec += n;
        addr += n * PAGE_SIZE;
        pages -= n;
    }
    kfree(buf);
    return r;
}

#define MFD_CLOEXEC 0x0001u
#define MFD_ALLOW_SEALING 0x0002u
#define MFD_HUGETLB 0x0004u
#define MFD_NOEXEC_SEAL 0x0008u
#define MFD_EXEC 0x0010u

/* Sealing (MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL and fcntl's F_ADD_SEALS)
 * would need every write, truncate and shared mapping of tmpfs to check
 * the seals; nothing the JDK or glibc does asks for it, so those flags are
 * EINVAL, as are huge pages (no hugetlbfs). */
SYSCALL_DEFINE2(memfd_create, const char __user *, uname, unsigned, flags)
{
    if (flags & ~(MFD_CLOEXEC | MFD_EXEC))
        return -EINVAL;
    char name[MFD_NAME_MAX + 1];
    long len = strncpy_from_user(name, uname, sizeof name);
    if (len < 0)
        return len == -ENAMETOOLONG ? -EINVAL : len;
    struct file *f;
    int r = memfd_create_file(name, &f);
    if (r)
        return r;
    int fd = fd_install(current_proc()->files, f, 0, flags & MFD_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}
