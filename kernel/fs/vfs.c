/* The VFS core: vnode lifetimes, mounts, and path resolution over vnodes
 * (fs/path.c does the walking; this file tells it how to step). */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/proc.h"

#define MAX_MOUNTS 32

static spinlock_t mount_lock = SPINLOCK_INIT;   /* guards mounts, nmounts, next_mount_id */
static struct mount *mounts[MAX_MOUNTS];
static int nmounts;
static int next_mount_id = 1;

/* Guards every vnode's parent and name: rename changes them while ".."
 * and vfs_path read them. */
static spinlock_t tree_lock = SPINLOCK_INIT;

static uint64_t next_ino = 1;

static struct mount *root_mount(void)
{
    return nmounts ? mounts[0] : NULL;
}

struct vnode *vfs_root(void)
{
    struct vnode *r = root_mount()->root;
    vnode_get(r);
    return r;
}

void vnode_get(struct vnode *v)
{
    __atomic_add_fetch(&v->refcount, 1, __ATOMIC_RELAXED);
}

/* Iterative, so that dropping a deep chain of parents needs no stack. */
void vnode_put(struct vnode *v)
{
    while (v && __atomic_sub_fetch(&v->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
        struct vnode *parent = v->parent;
        if (v->ops && v->ops->release)
            v->ops->release(v);
        kfree(v);
        v = parent;
    }
}

static void timespec_now(struct timespec64 *t)
{
    uint64_t ns = clock_realtime_ns();
    t->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
    t->tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
}

struct vnode *vnode_alloc(struct mount *mnt, uint32_t mode, const struct vnode_ops *ops,
                          const struct file_ops *fops)
{
    struct vnode *v = kzalloc(sizeof *v);
    if (!v)
        return NULL;
    v->mode = mode;
    v->nlink = 1;
    v->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
    v->refcount = 1;
    v->ops = ops;
    v->fops = fops;
    v->mnt = mnt;
    timespec_now(&v->atime);
    v->mtime = v->ctime = v->atime;
    return v;
}

void vnode_set_parent(struct vnode *v, struct vnode *parent, const char *name, size_t len)
{
    if (parent)
        vnode_get(parent);
    uint64_t f = spin_lock_irqsave(&tree_lock);
    struct vnode *old = v->parent;
    v->parent = parent;
    len = MIN(len, sizeof v->name - 1);
    memcpy(v->name, name, len);
    v->name[len] = '\0';
    spin_unlock_irqrestore(&tree_lock, f);
    vnode_put(old);
}

struct mount *mount_new(const char *fstype, uint64_t magic, bool rdonly)
{
    struct mount *m = kzalloc(sizeof *m);
    if (!m)
        return NULL;
    m->fstype = fstype;
    m->magic = magic;
    m->rdonly = rdonly;
    uint64_t f = spin_lock_irqsave(&mount_lock);
    m->id = next_mount_id++;
    spin_unlock_irqrestore(&mount_lock, f);
    /* Anonymous devices 0:N, as Linux gives tmpfs and proc (minor < 256). */
    m->dev = (uint64_t)(m->id + 16);
    return m;
}

/* Mounts are made at boot, before the program runs: the list is read
 * without the lock. */
void vfs_for_each_mount(void (*fn)(struct mount *m, void *ctx), void *ctx)
{
    for (int i = 0; i < nmounts; i++)
        fn(mounts[i], ctx);
}

/* A looked-up directory that has a file system mounted on it stands for
 * that file system's root (stacked mounts: the topmost). */
static struct vnode *cross_mounts(struct vnode *v)
{
    while (v->covered_by) {
        struct vnode *r = v->covered_by->root;
        vnode_get(r);
        vnode_put(v);
        v = r;
    }
    return v;
}

struct vnode *vnode_parent_named(struct vnode *v, char *name)
{
    uint64_t f = spin_lock_irqsave(&tree_lock);
    struct vnode *p = v->parent;
    if (p) {
        vnode_get(p);
        memcpy(name, v->name, sizeof v->name);
    }
    spin_unlock_irqrestore(&tree_lock, f);
    return p;
}

/* ".." of v: a mount's root steps out to its mountpoint first. */
static struct vnode *dotdot(struct vnode *v)
{
    uint64_t f = spin_lock_irqsave(&tree_lock);
    while (v == v->mnt->root && v->mnt->mountpoint)
        v = v->mnt->mountpoint;
    struct vnode *p = v->parent ? v->parent : v;
    vnode_get(p);
    spin_unlock_irqrestore(&tree_lock, f);
    return p;
}

static int op_lookup(void *ctx, void *dir, const char *name, size_t len, void **out)
{
    struct vnode *d = dir, *v;
    if (!d->ops->lookup)
        return -ENOTDIR;
    int r = d->ops->lookup(d, name, len, &v);
    if (r < 0)
        return r;
    *out = cross_mounts(v);
    return 0;
}

static void *op_parent(void *ctx, void *dir) { return dotdot(dir); }

static enum path_kind op_kind(void *ctx, void *node)
{
    uint32_t mode = ((struct vnode *)node)->mode;
    if (S_ISDIR(mode))
        return PATH_KIND_DIR;
    return S_ISLNK(mode) ? PATH_KIND_SYMLINK : PATH_KIND_OTHER;
}

static long op_readlink(void *ctx, void *node, char *buf, size_t cap)
{
    struct vnode *v = node;
    return v->ops->readlink ? v->ops->readlink(v, buf, cap) : -EINVAL;
}

static void op_get(void *ctx, void *node) { vnode_get(node); }
static void op_put(void *ctx, void *node) { vnode_put(node); }

static const struct path_ops vnode_path_ops = {
    .lookup = op_lookup, .parent = op_parent, .kind = op_kind,
    .readlink = op_readlink, .get = op_get, .put = op_put,
};

/* Walks from the global root: for mounting at boot, before any process. */
static int walk_global(const char *path, int flags, struct walk_result *res)
{
    struct vnode *root = root_mount()->root;
    return path_walk(&vnode_path_ops, NULL, root, root, path, flags, res);
}

int vfs_mount(const char *path, struct vnode *root)
{
    struct mount *m = root->mnt;
    m->root = root;
    if (!root_mount()) {
        if (strcmp(path, "/") != 0)
            return -ENOENT;
        uint64_t f = spin_lock_irqsave(&mount_lock);
        mounts[nmounts++] = m;
        spin_unlock_irqrestore(&mount_lock, f);
        return 0;
    }
    if (nmounts == MAX_MOUNTS)
        return -ENOMEM;
    struct walk_result res;
    int r = walk_global(path, 0, &res);
    if (r < 0)
        return r;
    struct vnode *mp = res.node;
    if (!S_ISDIR(mp->mode)) {
        vnode_put(mp);
        return -ENOTDIR;
    }
    uint64_t f = spin_lock_irqsave(&mount_lock);
    m->mountpoint = mp;        /* keeps the walk's reference */
    mp->covered_by = m;
    mounts[nmounts++] = m;
    spin_unlock_irqrestore(&mount_lock, f);
    return 0;
}

static struct vnode *proc_root(void)
{
    struct fs_context *fs = current_proc()->fs;
    uint64_t f = spin_lock_irqsave(&fs->lock);
    struct vnode *root = fs->root;
    vnode_get(root);
    spin_unlock_irqrestore(&fs->lock, f);
    return root;
}

int vfs_walk_at(struct vnode *start, const char *path, int flags, struct walk_result *res)
{
    struct vnode *root = proc_root();
    int r = path_walk(&vnode_path_ops, NULL, root, start, path, flags, res);
    vnode_put(root);
    return r;
}

/* The directory a relative path starts from: cwd, or dirfd's. Referenced. */
static int walk_start(int dirfd, const char *path, struct vnode **start)
{
    if (dirfd == AT_FDCWD || path[0] == '/') {
        struct fs_context *fs = current_proc()->fs;
        uint64_t f = spin_lock_irqsave(&fs->lock);
        *start = fs->cwd;
        vnode_get(*start);
        spin_unlock_irqrestore(&fs->lock, f);
        return 0;
    }
    struct file *d = fd_get(current_proc()->files, dirfd);
    if (!d)
        return -EBADF;
    *start = d->vnode;
    vnode_get(*start);
    file_put(d);
    /* An empty path is -ENOENT, which the walk reports. */
    if (!S_ISDIR((*start)->mode) && path[0]) {
        vnode_put(*start);
        return -ENOTDIR;
    }
    return 0;
}

int vfs_walk(int dirfd, const char *path, int flags, struct walk_result *res)
{
    struct vnode *start;
    int r = walk_start(dirfd, path, &start);
    if (r < 0)
        return r;
    r = vfs_walk_at(start, path, flags, res);
    vnode_put(start);
    return r;
}

int vfs_lookup(int dirfd, const char *path, int flags, struct vnode **out)
{
    struct walk_result *res = kmalloc(sizeof *res);
    if (!res)
        return -ENOMEM;
    int r = vfs_walk(dirfd, path, flags, res);
    if (r == 0)
        *out = res->node;
    kfree(res);
    return r;
}

int vfs_child(struct vnode *dir, const char *name, struct vnode **out)
{
    return op_lookup(NULL, dir, name, strlen(name), (void **)out);
}

bool vnode_is_ancestor(struct vnode *a, struct vnode *d)
{
    uint64_t f = spin_lock_irqsave(&tree_lock);
    while (d != a && d->parent)
        d = d->parent;
    spin_unlock_irqrestore(&tree_lock, f);
    return d == a;
}

uint64_t vnode_parent_ino(struct vnode *v)
{
    uint64_t f = spin_lock_irqsave(&tree_lock);
    uint64_t ino = v->parent ? v->parent->ino : v->ino;
    spin_unlock_irqrestore(&tree_lock, f);
    return ino;
}

/* Prepends s (n bytes) to the path being built backwards at buf[*pos..]. */
static bool prepend(char *buf, size_t *pos, const char *s, size_t n)
{
    if (n > *pos)
        return false;
    *pos -= n;
    memcpy(buf + *pos, s, n);
    return true;
}

long vfs_path(struct vnode *v, char *buf, size_t cap)
{
    if (cap == 0)
        return -ENAMETOOLONG;
    size_t pos = cap - 1;
    buf[pos] = '\0';
    bool ok = true;
    if (!S_ISDIR(v->mode) && v->nlink == 0 && v->parent)
        ok = prepend(buf, &pos, " (deleted)", 10);
    struct vnode *top = root_mount() ? root_mount()->root : NULL;
    uint64_t f = spin_lock_irqsave(&tree_lock);
    bool named = false;
    while (ok && v != top) {
        if (v == v->mnt->root) {
            if (!v->mnt->mountpoint)
                break;         /* a file system outside the tree: pipes */
            v = v->mnt->mountpoint;
            continue;
        }
        ok = prepend(buf, &pos, v->name, strlen(v->name));
        if (!v->parent)
            break;
        ok = ok && prepend(buf, &pos, "/", 1);
        named = true;
        v = v->parent;
    }
    if (ok && !named && v == top)
        ok = prepend(buf, &pos, "/", 1);
    spin_unlock_irqrestore(&tree_lock, f);
    if (!ok)
        return -ENAMETOOLONG;
    size_t len = cap - 1 - pos;
    memmove(buf, buf + pos, len + 1);
    return (long)len;
}
