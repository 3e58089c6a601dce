/* tmpfs: directories are lists of entries in creation order; a file's data
 * is page frames in a radix tree (fs/pagetree.c), holes read as zeros; a
 * symlink keeps its target as a string. A hard link is one more entry for
 * the same vnode.
 *
 * The root file system is a tmpfs too (fs/initramfs.c fills it from the
 * boot archive), so that a program may write anywhere as on Linux. Its
 * files' bytes stay in the archive until written ("lower" below): a page
 * the page tree lacks below lower_size is the archive's. A page that the
 * archive holds whole and page-aligned (egg aligns every file of a page or
 * more) is the file's own frame, read, written and mapped in place, so a
 * program that writes nothing costs no memory for its image; any other
 * (a small file, a file's last partial page) is copied into a new frame
 * when first written or mapped. Archive frames are PAGE_RESERVED: page
 * references to them are no-ops and tmpfs does not count them as used.
 *
 * tmpfs_lock guards every tmpfs structure (entries, page trees, sizes,
 * link counts). User memory is never touched with it held: a copy may
 * fault and sleep. Instead the copy works on a page the reader or writer
 * holds a frame reference to, so a concurrent truncate cannot free it. */
#include "fs/dirent.h"
#include "fs/pagetree.h"
#include "fs/tmpfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "sched/clock.h"

#define MAX_FILE_SIZE 0x7fffffffffffffffull   /* MAX_LFS_FILESIZE */
#define BOGO_DIRENT_SIZE 20                   /* a directory's st_size per entry, as Linux */

struct tmpfs_dirent {
    struct tmpfs_dirent *next;
    struct vnode *v;                  /* referenced */
    size_t len;
    char name[];
};

struct tmpfs_node {
    struct pagetree pages;            /* regular files */
    uint64_t npages;                  /* in pages, archive frames too */
    struct tmpfs_dirent *entries;     /* directories, oldest first */
    char *link;                       /* symlinks: the target, v->size bytes */
    const char *lower;                /* a boot archive file's bytes, or NULL */
    uint64_t lower_span;              /* the bytes the archive holds at lower */
    uint64_t lower_size;              /* those still the file's (truncate shrinks it) */
    uint64_t lower_left;              /* pages below lower_size not in pages */
};

static spinlock_t tmpfs_lock = SPINLOCK_INIT;
static uint64_t pages_used;           /* by all instances, archive frames not counted */
static uint64_t pages_dropped;        /* by the last page tree removal: for npages */

static const struct vnode_ops tmpfs_vops;
static const struct file_ops tmpfs_file_fops, tmpfs_dir_fops;

static struct tmpfs_node *node(struct vnode *v) { return v->priv; }

static uint64_t pages_limit(void) { return pmm_total_pages() / 2; }

void tmpfs_usage(uint64_t *limit_pages, uint64_t *used_pages)
{
    *limit_pages = pages_limit();
    *used_pages = pages_used;
}

static void stamp(struct timespec64 *t)
{
    uint64_t ns = clock_realtime_ns();
    t->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
    t->tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
}

/* Data changed: mtime and ctime. */
static void modified(struct vnode *v)
{
    stamp(&v->mtime);
    v->ctime = v->mtime;
}

/* A frame leaves a page tree (lock held). */
static void page_put(uint64_t pa)
{
    if (pmm_page(pa)->kind != PAGE_RESERVED)
        pages_used--;
    pages_dropped++;
    pmm_page_put(pa);
}

/* Whether page i of the file is the archive's: below lower_size and not
 * in the page tree (lock held). */
static bool in_lower(struct tmpfs_node *n, uint64_t i)
{
    return i < ALIGN_UP(n->lower_size, PAGE_SIZE) / PAGE_SIZE && !pagetree_get(&n->pages, i);
}

/* The archive frame that is page i of the file, when the archive holds
 * the whole page, page-aligned: else 0. */
static uint64_t archive_frame(struct tmpfs_node *n, uint64_t i)
{
    uint64_t off = i * PAGE_SIZE;
    const char *p = n->lower + off;
    if (off >= n->lower_span || n->lower_span - off < PAGE_SIZE || ((uint64_t)p & (PAGE_SIZE - 1)))
        return 0;
    return virt_to_phys(p);
}

/* Enters the archive's page i (in_lower) into the empty slot: its own
 * frame, or a copy of its bytes below lower_size; 0 when out of memory
 * (lock held). A copy is not held to the tmpfs limit: it replaces bytes
 * the image holds already, and a mapping that reads it must not fail. */
static uint64_t copy_up(struct tmpfs_node *n, uint64_t *slot, uint64_t i)
{
    uint64_t pa = archive_frame(n, i);
    if (!pa && (pa = pmm_alloc_zeroed_page())) {
        memcpy(phys_to_virt(pa), n->lower + i * PAGE_SIZE, MIN(n->lower_size - i * PAGE_SIZE, PAGE_SIZE));
        pages_used++;
    }
    if (pa) {
        *slot = pa;
        n->npages++;
        n->lower_left--;
    }
    return pa;
}

static struct vnode *new_vnode(struct mount *mnt, uint32_t mode)
{
    bool dir = S_ISDIR(mode);
    struct vnode *v = vnode_alloc(mnt, mode, &tmpfs_vops, dir ? &tmpfs_dir_fops : &tmpfs_file_fops);
    struct tmpfs_node *n = kzalloc(sizeof *n);
    if (!v || !n) {
        kfree(v);
        kfree(n);
        return NULL;
    }
    v->priv = n;
    if (dir) {
        v->nlink = 2;
        v->size = 2 * BOGO_DIRENT_SIZE;
    }
    return v;
}

struct vnode *tmpfs_new_fs(const char *fstype, uint32_t mode)
{
    struct mount *m = mount_new(fstype, TMPFS_MAGIC, false);
    if (!m)
        return NULL;
    struct vnode *root = new_vnode(m, S_IFDIR | mode);
    if (!root)
        kfree(m);
    return root;
}

struct vnode *tmpfs_new(void)
{
    return tmpfs_new_fs("tmpfs", 01777);
}

static struct tmpfs_dirent **find(struct vnode *dir, const char *name, size_t len)
{
    struct tmpfs_dirent **p = &node(dir)->entries;
    for (; *p; p = &(*p)->next)
        if ((*p)->len == len && !memcmp((*p)->name, name, len))
            return p;
    return NULL;
}

static void append(struct vnode *dir, struct tmpfs_dirent *e)
{
    struct tmpfs_dirent **p = &node(dir)->entries;
    while (*p)
        p = &(*p)->next;
    e->next = NULL;
    *p = e;
    dir->size += BOGO_DIRENT_SIZE;
    modified(dir);
}

static void detach(struct vnode *dir, struct tmpfs_dirent **p)
{
    *p = (*p)->next;
    dir->size -= BOGO_DIRENT_SIZE;
    modified(dir);
}

static struct tmpfs_dirent *dirent_new(const char *name, size_t len, struct vnode *v)
{
    struct tmpfs_dirent *e = kmalloc(sizeof *e + len);
    if (e) {
        e->v = v;
        e->len = len;
        memcpy(e->name, name, len);
    }
    return e;
}

static int tmpfs_lookup(struct vnode *dir, const char *name, size_t len, struct vnode **out)
{
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    struct tmpfs_dirent **p = find(dir, name, len);
    if (p) {
        *out = (*p)->v;
        vnode_get(*out);
    }
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return p ? 0 : -ENOENT;
}

/* A regular file in root's tmpfs with no name (memfd). */
struct vnode *tmpfs_new_unlinked(struct vnode *root, uint32_t mode)
{
    struct vnode *v = new_vnode(root->mnt, S_IFREG | mode);
    if (v)
        v->nlink = 0;
    return v;
}

/* Enters v as name in dir (the entry takes its own reference to v): 0,
 * -EEXIST, -ENOENT for a removed dir or (unless new) an unlinked v, or
 * -ENOSPC. */
static int enter(struct vnode *dir, const char *name, size_t len, struct vnode *v, bool new)
{
    struct tmpfs_dirent *e = dirent_new(name, len, v);
    if (!e)
        return -ENOSPC;
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    int err = find(dir, name, len) ? -EEXIST : dir->nlink == 0 || (!new && v->nlink == 0) ? -ENOENT : 0;
    if (err == 0) {
        vnode_get(v);
        append(dir, e);
        if (S_ISDIR(v->mode))
            dir->nlink++;
        else if (!new)
            v->nlink++;
        if (!new)
            stamp(&v->ctime);
    }
    spin_unlock_irqrestore(&tmpfs_lock, f);
    if (err)
        kfree(e);
    return err;
}

/* Enters a new vnode of `mode` as name in dir: the vnode (referenced
 * for the caller besides the entry's reference), or NULL and *err.
 * target: a symlink's. */
static struct vnode *add(struct vnode *dir, const char *name, size_t len, uint32_t mode,
                         const char *target, size_t tlen, int *err)
{
    struct vnode *v = new_vnode(dir->mnt, mode);
    if (v && target && (node(v)->link = kmalloc(tlen)))
        memcpy(node(v)->link, target, tlen);
    *err = v && (!target || node(v)->link) ? 0 : -ENOSPC;
    if (*err == 0) {
        v->size = target ? tlen : v->size;
        vnode_set_parent(v, dir, name, len);
        *err = enter(dir, name, len, v, true);
    }
    if (*err && v) {
        vnode_put(v);
        return NULL;
    }
    return v;
}

static int tmpfs_create(struct vnode *dir, const char *name, size_t len, uint32_t mode,
                        struct vnode **out)
{
    int err;
    *out = add(dir, name, len, mode, NULL, 0, &err);
    return err;
}

static int tmpfs_mkdir(struct vnode *dir, const char *name, size_t len, uint32_t mode)
{
    int err;
    struct vnode *v = add(dir, name, len, mode, NULL, 0, &err);
    if (v)
        vnode_put(v);
    return err;
}

static int tmpfs_symlink(struct vnode *dir, const char *name, size_t len, const char *target)
{
    int err;
    struct vnode *v = add(dir, name, len, S_IFLNK | 0777, target, strlen(target), &err);
    if (v)
        vnode_put(v);
    return err;
}

int tmpfs_add_archived(struct vnode *dir, const char *name, size_t len, uint32_t mode,
                       const char *data, uint64_t size, struct vnode **out)
{
    int err;
    *out = add(dir, name, len, mode, S_ISLNK(mode) ? data : NULL, size, &err);
    if (*out && S_ISREG(mode))
        tmpfs_set_archived(*out, data, size);
    return err;
}

void tmpfs_set_archived(struct vnode *v, const char *data, uint64_t size)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    n->lower = data;
    n->lower_span = n->lower_size = v->size = size;
    n->lower_left = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
    spin_unlock_irqrestore(&tmpfs_lock, f);
}

static int tmpfs_link(struct vnode *dir, const char *name, size_t len, struct vnode *v)
{
    return enter(dir, name, len, v, false);
}

static long tmpfs_readlink(struct vnode *v, char *buf, size_t cap)
{
    size_t n = MIN(v->size, cap);
    memcpy(buf, node(v)->link, n);
    return (long)n;
}

/* The vnode loses the link from a removed entry (lock held). */
static void unlinked(struct vnode *dir, struct vnode *v)
{
    if (S_ISDIR(v->mode)) {
        v->nlink = 0;
        dir->nlink--;
    } else {
        v->nlink--;
    }
    stamp(&v->ctime);
}

static int tmpfs_unlink(struct vnode *dir, const char *name, size_t len, bool dir_only)
{
    struct vnode *v = NULL;
    int r = -ENOENT;
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    struct tmpfs_dirent **p = find(dir, name, len), *e = p ? *p : NULL;
    if (e) {
        v = e->v;
        if (S_ISDIR(v->mode) != dir_only)
            r = dir_only ? -ENOTDIR : -EISDIR;
        else if (dir_only && node(v)->entries)
            r = -ENOTEMPTY;
        else
            r = 0;
    }
    if (r == 0) {
        detach(dir, p);
        unlinked(dir, v);
    }
    spin_unlock_irqrestore(&tmpfs_lock, f);
    if (r == 0) {
        kfree(e);
        vnode_put(v);
    }
    return r;
}

/* What replacing `target` by `src` must not break (lock held). */
static int replace_check(struct vnode *src, struct vnode *target)
{
    if (S_ISDIR(src->mode) && !S_ISDIR(target->mode))
        return -ENOTDIR;
    if (!S_ISDIR(src->mode) && S_ISDIR(target->mode))
        return -EISDIR;
    if (S_ISDIR(target->mode) && node(target)->entries)
        return -ENOTEMPTY;
    return 0;
}

static int tmpfs_rename(struct vnode *odir, const char *oname, size_t olen,
                        struct vnode *ndir, const char *nname, size_t nlen)
{
    struct tmpfs_dirent *moved = dirent_new(nname, nlen, NULL), *old = NULL, *gone = NULL;
    if (!moved)
        return -ENOSPC;
    int r = -ENOENT;
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    struct tmpfs_dirent **op = find(odir, oname, olen), **np = find(ndir, nname, nlen);
    if (op && ndir->nlink == 0)
        r = -ENOENT;
    else if (op)
        r = np ? replace_check((*op)->v, (*np)->v) : 0;
    if (r == 0) {
        old = *op;
        if (np) {
            gone = *np;
            detach(ndir, np);
            unlinked(ndir, gone->v);
        }
        detach(odir, find(odir, oname, olen));
        moved->v = old->v;
        append(ndir, moved);
        if (S_ISDIR(moved->v->mode) && odir != ndir) {
            odir->nlink--;
            ndir->nlink++;
        }
        stamp(&moved->v->ctime);
    }
    spin_unlock_irqrestore(&tmpfs_lock, f);
    if (r < 0) {
        kfree(moved);
        return r;
    }
    vnode_set_parent(moved->v, ndir, nname, nlen);
    kfree(old);
    if (gone) {
        vnode_put(gone->v);
        kfree(gone);
    }
    return 0;
}

/* Frees the pages at and above page `from` and zeroes the rest of the
 * page that holds byte `size` (lock held). */
static void drop_pages(struct vnode *v, uint64_t size)
{
    struct tmpfs_node *n = node(v);
    pages_dropped = 0;
    pagetree_truncate(&n->pages, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE, page_put);
    n->npages -= pages_dropped;
    uint64_t i = size / PAGE_SIZE;
    uint64_t pa = in_lower(n, i) ? archive_frame(n, i) : pagetree_get(&n->pages, i);
    if (pa && size % PAGE_SIZE)
        memset((char *)phys_to_virt(pa) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
    if (size < n->lower_size) {
        n->lower_size = size;
        n->lower_left = 0;
        for (uint64_t j = 0; j < ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE; j++)
            n->lower_left += in_lower(n, j);
    }
}

static int tmpfs_truncate(struct vnode *v, uint64_t size)
{
    if (size > MAX_FILE_SIZE)
        return -EFBIG;
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    bool shrinks = size < v->size;
    if (shrinks)
        drop_pages(v, size);
    v->size = size;
    modified(v);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    if (shrinks)
        mm_file_truncated(v, size);
    return 0;
}

/* The bytes at pos that lie in the archive (0 unless in_lower), up to
 * lower_size: the rest of the page reads as zeros (lock held). A pos at
 * or past lower_size in the archive's last page has none: the bytes
 * there are what truncate cut off, or the next archive entry's. */
static size_t lower_bytes(struct tmpfs_node *n, uint64_t pos)
{
    if (!in_lower(n, pos / PAGE_SIZE) || pos >= n->lower_size)
        return 0;
    return MIN(n->lower_size - pos, PAGE_SIZE - pos % PAGE_SIZE);
}

static int tmpfs_read_page(struct vnode *v, uint64_t off, void *dst)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    uint64_t pa = off < v->size ? pagetree_get(&n->pages, off / PAGE_SIZE) : 0;
    size_t have = pa ? PAGE_SIZE : off < v->size ? lower_bytes(n, off) : 0;
    memcpy(dst, pa ? phys_to_virt(pa) : n->lower + off, have);
    memset((char *)dst + have, 0, PAGE_SIZE - have);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return 0;
}

static void tmpfs_release(struct vnode *v)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    pagetree_truncate(&n->pages, 0, page_put);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    kfree(n->link);
    kfree(n);
}


/* The frame holding byte pos with a reference for the caller, or 0 for a
 * hole or the archive's bytes (*lower: how many lie at lower + pos, which
 * the archive keeps for good); *size is the file size seen at the same
 * moment. */
static uint64_t page_for_read(struct vnode *v, uint64_t pos, uint64_t *size, size_t *lower)
{
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    *size = v->size;
    uint64_t pa = pos < v->size ? pagetree_get(&node(v)->pages, pos / PAGE_SIZE) : 0;
    *lower = pos < v->size ? lower_bytes(node(v), pos) : 0;
    if (pa)
        __atomic_add_fetch(&pmm_page(pa)->refcount, 1, __ATOMIC_RELAXED);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return pa;
}

static long tmpfs_read(struct file *file, void __user *buf, size_t n, uint64_t *pos)
{
    struct vnode *v = file->vnode;
    size_t done = 0;
    while (done < n) {
        uint64_t size, p = *pos;
        size_t lower;
        uint64_t pa = page_for_read(v, p, &size, &lower);
        if (p >= size)
            break;
        size_t chunk = MIN(MIN(n - done, size - p), PAGE_SIZE - p % PAGE_SIZE);
        char __user *dst = (char *)buf + done;
        size_t have = pa ? chunk : MIN(lower, chunk);
        const char *src = pa ? (char *)phys_to_virt(pa) + p % PAGE_SIZE : node(v)->lower + p;
        int r = have ? copy_to_user(dst, src, have) : 0;
        if (!r && have < chunk)
            r = clear_user(dst + have, chunk - have);
        if (pa)
            pmm_page_put(pa);
        if (r)
            return done ? (long)done : r;
        done += chunk;
        *pos += chunk;
    }
    return (long)done;
}

/* The frame for byte pos, allocated if a hole, referenced for the caller:
 * 0 when tmpfs is full, or when in_file and the page is wholly past the
 * end of the file. *mapped_hole: it filled a hole that a mapping may show
 * as the zero page. */
static uint64_t page_for_write(struct vnode *v, uint64_t pos, bool in_file, bool *mapped_hole)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    *mapped_hole = false;
    if (in_file && pos >= ALIGN_UP(v->size, PAGE_SIZE)) {
        spin_unlock_irqrestore(&tmpfs_lock, f);
        return 0;
    }
    uint64_t i = pos / PAGE_SIZE;
    bool lower = in_lower(n, i);
    uint64_t *slot = pagetree_slot(&n->pages, i);
    if (slot && lower) {
        copy_up(n, slot, i);
    } else if (slot && !*slot && pages_used < pages_limit() && (*slot = pmm_alloc_zeroed_page())) {
        pages_used++;
        n->npages++;
        *mapped_hole = v->holes_mapped;
    }
    uint64_t pa = slot ? *slot : 0;
    if (pa)
        __atomic_add_fetch(&pmm_page(pa)->refcount, 1, __ATOMIC_RELAXED);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return pa;
}

/* Writes n bytes from src at *pos: user memory (write) or, with kernel,
 * the kernel's (copy_file_range). */
static long write_at(struct vnode *v, const void *src, size_t n, uint64_t *pos, bool kernel)
{
    if (*pos >= MAX_FILE_SIZE)
        return n ? -EFBIG : 0;
    n = MIN(n, MAX_FILE_SIZE - *pos);
    size_t done = 0;
    while (done < n) {
        uint64_t p = *pos;
        bool mapped_hole;
        uint64_t pa = page_for_write(v, p, false, &mapped_hole);
        if (!pa)
            return done ? (long)done : -ENOSPC;
        if (mapped_hole)
            mm_hole_filled(v, p);
        size_t chunk = MIN(n - done, PAGE_SIZE - p % PAGE_SIZE);
        char *dst = (char *)phys_to_virt(pa) + p % PAGE_SIZE;
        int r = 0;
        if (kernel)
            memcpy(dst, (const char *)src + done, chunk);
        else
            r = copy_from_user(dst, (const char __user *)src + done, chunk);
        pmm_page_put(pa);
        if (r)
            return done ? (long)done : r;
        done += chunk;
        *pos += chunk;
        uint64_t f = spin_lock_irqsave(&tmpfs_lock);
        v->size = MAX(v->size, *pos);
        modified(v);
        spin_unlock_irqrestore(&tmpfs_lock, f);
    }
    return (long)done;
}

static long tmpfs_write(struct file *file, const void __user *buf, size_t n, uint64_t *pos)
{
    struct vnode *v = file->vnode;
    if (file->flags & O_APPEND) {
        uint64_t f = spin_lock_irqsave(&tmpfs_lock);
        *pos = v->size;
        spin_unlock_irqrestore(&tmpfs_lock, f);
    }
    return write_at(v, buf, n, pos, false);
}

static long tmpfs_write_kernel(struct vnode *v, const void *src, size_t n, uint64_t pos)
{
    return write_at(v, src, n, &pos, true);
}

/* Zeroes [from, to) of one page, if the file holds it (lock held). */
static void zero_in_page(struct vnode *v, uint64_t from, uint64_t to)
{
    uint64_t pa = pagetree_get(&node(v)->pages, from / PAGE_SIZE);
    if (pa)
        memset((char *)phys_to_virt(pa) + from % PAGE_SIZE, 0, to - from);
}

/* Copies up the archive's pages that [off, end) touches (lock held):
 * false when out of memory. */
static bool copy_up_range(struct tmpfs_node *n, uint64_t off, uint64_t end)
{
    for (uint64_t i = off / PAGE_SIZE; i * PAGE_SIZE < end; i++) {
        uint64_t *slot = in_lower(n, i) ? pagetree_slot(&n->pages, i) : NULL;
        if (in_lower(n, i) && !(slot && copy_up(n, slot, i)))
            return false;
    }
    return true;
}

/* A hole over [off, end): whole pages freed, the edges of partial ones
 * zeroed (mappings share those frames and see the zeros); the size stays.
 * Pages below lower_size are zeroed, not freed: a page the tree lacks
 * there would read as the archive's again. */
static int punch_hole(struct vnode *v, uint64_t off, uint64_t end)
{
    struct tmpfs_node *n = node(v);
    uint64_t first = ALIGN_UP(off, PAGE_SIZE), last = ALIGN_DOWN(end, PAGE_SIZE);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    if (!copy_up_range(n, off, MIN(end, n->lower_size))) {
        spin_unlock_irqrestore(&tmpfs_lock, f);
        return -ENOMEM;
    }
    uint64_t gone = MAX(first, MIN(last, ALIGN_UP(n->lower_size, PAGE_SIZE)));
    for (uint64_t p = first; p < gone; p += PAGE_SIZE)
        zero_in_page(v, p, p + PAGE_SIZE);
    if (off % PAGE_SIZE)
        zero_in_page(v, off, MIN(end, first));
    if (end % PAGE_SIZE && last >= first)
        zero_in_page(v, last, end);
    pages_dropped = 0;
    if (gone < last)
        pagetree_remove(&n->pages, gone / PAGE_SIZE, last / PAGE_SIZE, page_put);
    n->npages -= pages_dropped;
    modified(v);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    if (first < last)
        mm_file_punched(v, first, last);
    return 0;
}

/* Mode 0 and FALLOC_FL_KEEP_SIZE: pages for [off, off+len), so that
 * writes there cannot meet a full file system; -ENOSPC at once, with
 * nothing allocated, when the range has more pages than tmpfs has free
 * (counting those the file already holds there as needed too). */
static int tmpfs_fallocate(struct vnode *v, int mode, uint64_t off, uint64_t len)
{
    uint64_t end = off + len;
    if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if (mode & FALLOC_FL_PUNCH_HOLE)
        return punch_hole(v, off, end);
    uint64_t want = (ALIGN_UP(end, PAGE_SIZE) - ALIGN_DOWN(off, PAGE_SIZE)) / PAGE_SIZE;
    if (want > pages_limit() - MIN(pages_used, pages_limit()))
        return -ENOSPC;
    for (uint64_t p = ALIGN_DOWN(off, PAGE_SIZE); p < end; p += PAGE_SIZE) {
        bool mapped_hole;
        uint64_t pa = page_for_write(v, p, false, &mapped_hole);
        if (!pa)
            return -ENOSPC;
        pmm_page_put(pa);
        if (mapped_hole)
            mm_hole_filled(v, p);
    }
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    if (!(mode & FALLOC_FL_KEEP_SIZE) && end > v->size)
        v->size = end;
    stamp(&v->ctime);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return 0;
}

static bool tmpfs_next(struct file *f, uint64_t i, struct dir_entry *e)
{
    uint64_t fl = spin_lock_irqsave(&tmpfs_lock);
    struct tmpfs_dirent *d = node(f->vnode)->entries;
    while (d && i--)
        d = d->next;
    if (d) {
        memcpy(e->name, d->name, d->len);
        e->name[d->len] = '\0';
        e->ino = d->v->ino;
        e->mode = d->v->mode;
    }
    spin_unlock_irqrestore(&tmpfs_lock, fl);
    return d != NULL;
}

static long tmpfs_getdents(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    return dirent_fill(f, buf, n, pos, tmpfs_next);
}

/* A hole is left to the zero page unless filled, and then the fault that
 * filled it tells the other mappings (mm_fault: its mm lock is held here).
 * The fault checked the size without tmpfs_lock: a truncate may have come
 * since, and a page filled past the new end would stay in the file, never
 * dropped (and seen again once the file grows). So the fill checks again,
 * under the lock, and fails (SIGBUS) past the end. A page read meanwhile
 * is the zero page, which mm_file_truncated unmaps once the fault is done. */
static uint64_t tmpfs_share_page(struct vnode *v, uint64_t off, bool fill)
{
    bool mapped_hole;
    if (fill)
        return page_for_write(v, off, true, &mapped_hole);
    struct tmpfs_node *n = node(v);
    uint64_t i = off / PAGE_SIZE;
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    uint64_t pa = pagetree_get(&n->pages, i);
    if (!pa && in_lower(n, i) && !(pa = archive_frame(n, i))) {
        /* a part page of the archive: mapped as a copy the file keeps */
        uint64_t *slot = pagetree_slot(&n->pages, i);
        pa = slot ? copy_up(n, slot, i) : 0;
    }
    if (pa)
        __atomic_add_fetch(&pmm_page(pa)->refcount, 1, __ATOMIC_RELAXED);
    else
        __atomic_store_n(&v->holes_mapped, true, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return pa;
}

static uint64_t tmpfs_pages_held(struct vnode *v)
{
    return node(v)->npages + node(v)->lower_left;
}

static bool tmpfs_holds_page(struct vnode *v, uint64_t off)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    bool held = off < v->size && (pagetree_get(&n->pages, off / PAGE_SIZE) || in_lower(n, off / PAGE_SIZE));
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return held;
}

/* The whole file in the archive while none of it was copied up or cut:
 * the program's command and ELF files are read in place (sched/). */
static const void *tmpfs_direct(struct vnode *v)
{
    struct tmpfs_node *n = node(v);
    uint64_t f = spin_lock_irqsave(&tmpfs_lock);
    bool whole = n->lower && n->npages == 0 && n->lower_size == v->size;
    spin_unlock_irqrestore(&tmpfs_lock, f);
    return whole ? n->lower : NULL;
}

static const struct vnode_ops tmpfs_vops = {
    .lookup = tmpfs_lookup, .create = tmpfs_create, .mkdir = tmpfs_mkdir,
    .unlink = tmpfs_unlink, .rename = tmpfs_rename, .truncate = tmpfs_truncate,
    .symlink = tmpfs_symlink, .link = tmpfs_link, .readlink = tmpfs_readlink,
    .write_kernel = tmpfs_write_kernel, .fallocate = tmpfs_fallocate,
    .read_page = tmpfs_read_page, .share_page = tmpfs_share_page, .release = tmpfs_release,
    .pages_held = tmpfs_pages_held, .holds_page = tmpfs_holds_page, .direct = tmpfs_direct,
};

static const struct file_ops tmpfs_file_fops = {
    .read = tmpfs_read, .write = tmpfs_write, .seekable = true,
};

static const struct file_ops tmpfs_dir_fops = {
    .getdents = tmpfs_getdents, .seekable = true,
};
