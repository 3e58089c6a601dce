/* The calls that act on a name in a directory: mkdir, symlink, link,
 * unlink, rmdir, rename, readlink, and truncate, and on a file's attributes: chmod,
 * chown and the times. Errors come in Linux's order, because
 * programs (and the conformance tests) tell cases apart by them. */
#include "fs/fdtable.h"
#include "fs/fsnotify.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/proc.h"

enum last_kind { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

static enum last_kind last_kind(const char *last)
{
    if (!last[0])
        return LAST_ROOT;
    if (!strcmp(last, "."))
        return LAST_DOT;
    return strcmp(last, "..") ? LAST_NORM : LAST_DOTDOT;
}

/* The root of a mount other than the directory's: a mountpoint is busy. */
static bool is_mounted_root(struct vnode *v, struct vnode *dir)
{
    return v->mnt != dir->mnt && v == v->mnt->root;
}

static bool writable(struct vnode *dir)
{
    return !dir->mnt->rdonly;
}

/* The directory that path's new last component goes in, referenced in
 * res->node, with Linux's errors (filename_create): -EEXIST for ".",
 * ".." or a name that exists; -ENOENT for a removed directory, or a
 * trailing slash unless a directory is made; -EROFS. */
static int new_name(int dirfd, const char *path, bool is_dir, struct walk_result *res)
{
    int r = vfs_walk(dirfd, path, WALK_PARENT, res);
    if (r < 0)
        return r;
    struct vnode *dir = res->node, *v;
    if (last_kind(res->last) != LAST_NORM) {
        r = -EEXIST;
    } else if ((r = vfs_child(dir, res->last, &v)) == 0) {
        vnode_put(v);
        r = -EEXIST;
    } else if (r == -ENOENT && !(res->trailing_slash && !is_dir) && dir->nlink != 0) {
        r = writable(dir) ? 0 : -EROFS;
    }
    if (r < 0)
        vnode_put(dir);
    return r;
}

/* What mkdir, symlink and link do with the directory new_name found:
 * enter the new last component there (name: NUL-terminated), and tell
 * inotify. */
struct make_op {
    int (*make)(struct vnode *dir, const char *name, size_t len, const struct make_op *op);
    uint32_t mode;             /* mkdir */
    const char *target;        /* symlink */
    struct vnode *v;           /* link */
};

/* new_name, then op->make in the directory it found. */
static int make_name(int dirfd, const char *path, bool is_dir, const struct make_op *op)
{
    struct walk_result *res = kmalloc(sizeof *res);
    if (!res)
        return -ENOMEM;
    int r = new_name(dirfd, path, is_dir, res);
    if (r == 0) {
        r = op->make(res->node, res->last, strlen(res->last), op);
        vnode_put(res->node);
    }
    kfree(res);
    return r;
}

static int make_dir(struct vnode *dir, const char *name, size_t len, const struct make_op *op)
{
    if (!dir->ops->mkdir)
        return -ENOENT;            /* /proc makes no directories: as Linux */
    int r = dir->ops->mkdir(dir, name, len, S_IFDIR | (op->mode & 07777));
    if (r == 0)
        fsnotify(dir, IN_CREATE | IN_ISDIR, name, 0);
    return r;
}

int vfs_mkdir(int dirfd, const char *path, uint32_t mode)
{
    return make_name(dirfd, path, true, &(struct make_op){ .make = make_dir, .mode = mode });
}

static int make_symlink(struct vnode *dir, const char *name, size_t len, const struct make_op *op)
{
    int r = dir->ops->symlink ? dir->ops->symlink(dir, name, len, op->target) : -EPERM;
    if (r == 0)
        fsnotify(dir, IN_CREATE, name, 0);
    return r;
}

int vfs_symlink(const char *target, int dirfd, const char *path)
{
    if (!target[0])
        return -ENOENT;
    return make_name(dirfd, path, false, &(struct make_op){ .make = make_symlink, .target = target });
}

static int make_link(struct vnode *dir, const char *name, size_t len, const struct make_op *op)
{
    if (dir->mnt != op->v->mnt)
        return -EXDEV;
    if (S_ISDIR(op->v->mode) || !dir->ops->link)
        return -EPERM;
    int r = dir->ops->link(dir, name, len, op->v);
    if (r == 0) {
        fsnotify(op->v, IN_ATTRIB, NULL, 0);     /* its link count */
        fsnotify_name(dir, name, op->v, IN_CREATE, 0);
    }
    return r;
}

int vfs_link(struct vnode *v, int dirfd, const char *path)
{
    return make_name(dirfd, path, false, &(struct make_op){ .make = make_link, .v = v });
}

/* The errors of rmdir and unlink for the names that are not entries. */
static int unlink_kind_error(enum last_kind k, bool rmdir)
{
    if (!rmdir)
        return -EISDIR;
    return k == LAST_ROOT ? -EBUSY : k == LAST_DOT ? -EINVAL : -ENOTEMPTY;
}

int vfs_unlink(int dirfd, const char *path, bool rmdir)
{
    struct walk_result *res = kmalloc(sizeof *res);
    if (!res)
        return -ENOMEM;
    int r = vfs_walk(dirfd, path, WALK_PARENT, res);
    if (r < 0)
        goto out;
    struct vnode *dir = res->node, *v;
    enum last_kind k = last_kind(res->last);
    if (k != LAST_NORM)
        r = unlink_kind_error(k, rmdir);
    else if (!writable(dir))
        r = -EROFS;
    else if ((r = vfs_child(dir, res->last, &v)) == 0) {
        if (rmdir && !S_ISDIR(v->mode))
            r = -ENOTDIR;
        else if (!rmdir && S_ISDIR(v->mode))
            r = -EISDIR;
        else if (res->trailing_slash && !S_ISDIR(v->mode))
            r = -ENOTDIR;
        else if (is_mounted_root(v, dir))
            r = -EBUSY;
        else if (!dir->ops->unlink)
            r = -EPERM;
        else
            r = dir->ops->unlink(dir, res->last, strlen(res->last), rmdir);
        if (r == 0) {
            fsnotify_unlinked(v, !rmdir);
            fsnotify_name(dir, res->last, v, IN_DELETE, 0);
        }
        vnode_put(v);
    }
    vnode_put(dir);
out:
    kfree(res);
    return r;
}

/* Linux's checks once both names are looked up (new may be NULL). */
static int rename_check(struct vnode *odir, struct vnode *old, bool oslash,
                        struct vnode *ndir, struct vnode *new, bool nslash)
{
    if (!S_ISDIR(old->mode) && (oslash || nslash))
        return -ENOTDIR;
    if (is_mounted_root(old, odir) || (new && is_mounted_root(new, ndir)))
        return -EBUSY;
    if (S_ISDIR(old->mode) && vnode_is_ancestor(old, ndir))
        return -EINVAL;          /* into its own subtree */
    if (new && vnode_is_ancestor(new, odir))
        return -ENOTEMPTY;       /* over one of its ancestors */
    if (new && S_ISDIR(old->mode) && !S_ISDIR(new->mode))
        return -ENOTDIR;
    if (new && !S_ISDIR(old->mode) && S_ISDIR(new->mode))
        return -EISDIR;
    return 0;
}

/* Linux's fsnotify_move, then the end of a file renamed over. */
static void notify_rename(struct walk_result *o, struct vnode *old, struct walk_result *n,
                          struct vnode *new)
{
    uint32_t cookie = fsnotify_cookie();
    fsnotify_name(o->node, o->last, old, IN_MOVED_FROM, cookie);
    fsnotify_name(n->node, n->last, old, IN_MOVED_TO, cookie);
    if (new)
        fsnotify(new, IN_ATTRIB, NULL, 0);
    fsnotify(old, IN_MOVE_SELF, NULL, 0);
    if (new)
        fsnotify_unlinked(new, false);
}

static int rename_in(struct walk_result *o, struct walk_result *n, unsigned flags)
{
    struct vnode *odir = o->node, *ndir = n->node, *old, *new = NULL;
    if (odir->mnt != ndir->mnt)
        return -EXDEV;
    if (last_kind(o->last) != LAST_NORM || last_kind(n->last) != LAST_NORM)
        return -EBUSY;
    if (!writable(odir))
        return -EROFS;
    int r = vfs_child(odir, o->last, &old);
    if (r < 0)
        return r;
    r = vfs_child(ndir, n->last, &new);
    if (r == 0 && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    else if (r == 0 || r == -ENOENT)
        r = rename_check(odir, old, o->trailing_slash, ndir, r == 0 ? new : NULL,
                         n->trailing_slash);
    if (r == 0 && old != new) {
        if (!odir->ops->rename)
            r = -EPERM;
        else
            r = odir->ops->rename(odir, o->last, strlen(o->last),
                                  ndir, n->last, strlen(n->last));
        if (r == 0)
            notify_rename(o, old, n, new);
    }
    if (new)
        vnode_put(new);
    vnode_put(old);
    return r;
}

int vfs_rename(int odirfd, const char *opath, int ndirfd, const char *npath, unsigned flags)
{
    /* Exchanging and whiteouts: no file system here has them. */
    if (flags & ~RENAME_NOREPLACE)
        return -EINVAL;
    struct walk_result *o = kmalloc(sizeof *o), *n = kmalloc(sizeof *n);
    int r = o && n ? 0 : -ENOMEM;
    if (r == 0 && (r = vfs_walk(odirfd, opath, WALK_PARENT, o)) == 0) {
        if ((r = vfs_walk(ndirfd, npath, WALK_PARENT, n)) == 0) {
            r = rename_in(o, n, flags);
            vnode_put(n->node);
        }
        vnode_put(o->node);
    }
    kfree(n);
    kfree(o);
    return r;
}

long vfs_readlink(int dirfd, const char *path, char *buf, size_t cap)
{
    struct vnode *v;
    int r = vfs_lookup(dirfd, path, WALK_NOFOLLOW, &v);
    if (r < 0)
        return r;
    long n = S_ISLNK(v->mode) && v->ops->readlink ? v->ops->readlink(v, buf, cap) : -EINVAL;
    vnode_put(v);
    return n;
}

int vfs_truncate(struct vnode *v, uint64_t size)
{
    if (S_ISDIR(v->mode))
        return -EISDIR;
    if (!S_ISREG(v->mode))
        return -EINVAL;
    if (v->mnt->rdonly)
        return -EROFS;
    if (!v->ops->truncate)
        return -EPERM;
    int r = v->ops->truncate(v, size);
    if (r == 0)
        fsnotify_change(v, IN_MODIFY);
    return r;
}

static struct timespec64 time_now(void)
{
    uint64_t ns = clock_realtime_ns();
    return (struct timespec64){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
}

int vfs_chmod(struct vnode *v, uint32_t mode)
{
    if (v->mnt->rdonly)
        return -EROFS;
    v->mode = (v->mode & S_IFMT) | (mode & 07777);
    v->ctime = time_now();
    fsnotify_change(v, IN_ATTRIB);
    return 0;
}

int vfs_chown(struct vnode *v, uint32_t uid, uint32_t gid)
{
    if (v->mnt->rdonly)
        return -EROFS;
    if (uid != (uint32_t)-1)
        v->uid = uid;
    if (gid != (uint32_t)-1)
        v->gid = gid;
    /* Linux's chown_common: a file (not a directory) loses set-user-ID,
     * and set-group-ID where group execute marks it as such, whatever
     * changed and even for root. */
    if (!S_ISDIR(v->mode)) {
        v->mode &= ~(uint32_t)S_ISUID;
        if (v->mode & S_IXGRP)
            v->mode &= ~(uint32_t)S_ISGID;
    }
    v->ctime = time_now();
    if (uid != (uint32_t)-1 || gid != (uint32_t)-1)
        fsnotify_change(v, IN_ATTRIB);
    return 0;
}

static bool utime_nsec_valid(int64_t ns)
{
    return ns == UTIME_NOW || ns == UTIME_OMIT || (ns >= 0 && ns < (int64_t)NSEC_PER_SEC);
}

/* The new value of a time that was old, asked to be t. */
static struct timespec64 utime_pick(struct timespec64 t, struct timespec64 old, struct timespec64 now)
{
    return t.tv_nsec == UTIME_OMIT ? old : t.tv_nsec == UTIME_NOW ? now : t;
}

/* Linux's fsnotify_change for the times: both set is IN_ATTRIB, the
 * access time alone IN_ACCESS, the modification time alone IN_MODIFY,
 * neither nothing. */
static uint32_t utimes_event(const struct timespec64 *times)
{
    bool a = !times || times[0].tv_nsec != UTIME_OMIT;
    bool m = !times || times[1].tv_nsec != UTIME_OMIT;
    return a && m ? IN_ATTRIB : a ? IN_ACCESS : m ? IN_MODIFY : 0;
}

int vfs_utimes(struct vnode *v, const struct timespec64 *times)
{
    if (times && (!utime_nsec_valid(times[0].tv_nsec) || !utime_nsec_valid(times[1].tv_nsec)))
        return -EINVAL;
    if (v->mnt->rdonly)
        return -EROFS;
    struct timespec64 now = time_now();
    if (times) {
        v->atime = utime_pick(times[0], v->atime, now);
        v->mtime = utime_pick(times[1], v->mtime, now);
    } else {
        v->atime = v->mtime = now;
    }
    v->ctime = now;
    fsnotify_change(v, utimes_event(times));
    return 0;
}

char *getname(const char __user *upath, long *err)
{
    char *path = kmalloc(PATH_MAX_LEN);
    if (!path) {
        *err = -ENOMEM;
        return NULL;
    }
    long n = strncpy_from_user(path, upath, PATH_MAX_LEN);
    if (n < 0) {
        kfree(path);
        *err = n;
        return NULL;
    }
    return path;
}

long user_path_at(int dirfd, const char __user *upath, int flags, struct vnode **out)
{
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    r = vfs_lookup(dirfd, path, flags, out);
    kfree(path);
    return r;
}

long fd_vnode(int fd, struct vnode **out)
{
    struct file *f = fd_get(current_proc()->files, fd);
    if (!f)
        return -EBADF;
    *out = f->vnode;
    vnode_get(*out);
    file_put(f);
    return 0;
}

long empty_path_vnode(int dirfd, struct vnode **out)
{
    return dirfd == AT_FDCWD ? vfs_lookup(AT_FDCWD, ".", 0, out) : fd_vnode(dirfd, out);
}

long user_path_at_empty(int dirfd, const char __user *upath, int flags, struct vnode **out)
{
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    if (!path[0] && (flags & AT_EMPTY_PATH))
        r = empty_path_vnode(dirfd, out);
    else
        r = vfs_lookup(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? WALK_NOFOLLOW : 0, out);
    kfree(path);
    return r;
}
