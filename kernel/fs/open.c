/* Opening files: open(2)'s flags, creation, and the lifetime of open files. */
#include "fs/epoll.h"
#include "fs/fsnotify.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

/* What an O_PATH descriptor can do: nothing but name a file. */
static const struct file_ops path_fops;

void file_get(struct file *f)
{
    __atomic_add_fetch(&f->refcount, 1, __ATOMIC_RELAXED);
}

/* IN_CLOSE_*, and the deletion of a file unlinked while open. */
static void notify_close(struct file *f)
{
    struct vnode *v = f->vnode;
    fsnotify_change(v, (f->flags & O_ACCMODE) != O_RDONLY ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
    if (__atomic_sub_fetch(&v->opens, 1, __ATOMIC_ACQ_REL) == 0 && v->nlink == 0)
        fsnotify(v, IN_DELETE_SELF, NULL, 0);
}

void file_put(struct file *f)
{
    if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    eventpoll_release(f);
    if (!(f->flags & O_PATH))
        notify_close(f);
    if (f->ops->close)
        f->ops->close(f);
    vnode_put(f->vnode);
    kfree(f);
}

static bool is_dot_or_dotdot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* The checks of Linux's may_open and do_open once the file is found. */
static int open_check(struct vnode *v, int flags)
{
    bool writes = (flags & O_ACCMODE) != O_RDONLY;
    if ((flags & O_DIRECTORY) && !S_ISDIR(v->mode))
        return -ENOTDIR;
    if (flags & O_PATH)
        return 0;
    if (S_ISLNK(v->mode))
        return -ELOOP;
    if (S_ISDIR(v->mode) && (writes || (flags & O_TRUNC)))
        return -EISDIR;
    bool on_fs = S_ISREG(v->mode) || S_ISDIR(v->mode);
    if (on_fs && v->mnt->rdonly && (writes || (flags & O_TRUNC)))
        return -EROFS;
    if (!v->fops)
        return -ENXIO;
    return 0;
}

static int open_vnode(struct vnode *v, int flags, bool created, const char *path,
                      struct file **out)
{
    int r = open_check(v, flags);
    if (r < 0)
        return r;
    struct file *f = kzalloc(sizeof *f);
    if (!f)
        return -ENOMEM;
    f->vnode = v;
    vnode_get(v);
    f->refcount = 1;
    if (flags & O_PATH) {
        f->ops = &path_fops;
        f->flags = O_PATH;
    } else {
        f->ops = v->fops;
        /* 64-bit Linux forces O_LARGEFILE; F_GETFL shows it. */
        f->flags = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_LARGEFILE;
    }
    if (vfs_path(v, f->path, sizeof f->path) < 0) {
        size_t n = MIN(strlen(path), sizeof f->path - 1);
        memcpy(f->path, path, n);
        f->path[n] = '\0';
    }
    if (f->ops->open && (r = f->ops->open(f)) < 0) {
        vnode_put(v);
        kfree(f);
        return r;
    }
    if (!(flags & O_PATH)) {
        __atomic_add_fetch(&v->opens, 1, __ATOMIC_RELAXED);
        fsnotify_change(v, IN_OPEN);
    }
    /* O_TRUNC once open, as Linux's do_open: IN_OPEN, then IN_MODIFY. */
    bool trunc = (flags & O_TRUNC) && !(flags & O_PATH) && S_ISREG(v->mode) && !created;
    if (trunc && (r = vfs_truncate(v, 0)) < 0) {
        file_put(f);
        return r;
    }
    *out = f;
    return 0;
}

int vfs_open_vnode(struct vnode *v, int flags, const char *path, struct file **out)
{
    return open_vnode(v, flags, false, path, out);
}

/* Creates name in dir, unless the file system is read-only, or has no
 * files but its own (/proc: -ENOENT, as Linux), or dir is gone. */
static int create_in(struct vnode *dir, const char *name, uint32_t mode, struct vnode **out)
{
    if (dir->nlink == 0)
        return -ENOENT;
    if (dir->mnt->rdonly)
        return -EROFS;
    if (!dir->ops->create)
        return -ENOENT;
    int r = dir->ops->create(dir, name, strlen(name), S_IFREG | (mode & 07777), out);
    if (r == 0)
        fsnotify(dir, IN_CREATE, name, 0);
    return r;
}

/* O_CREAT: the last component is created if missing. A dangling symlink
 * there is followed and its target created, as Linux does; *created tells
 * whether the file is new (so O_TRUNC and O_EXCL leave it alone). */
static int open_create(struct vnode *start, const char *path, int flags, uint32_t mode,
                       struct vnode **out, bool *created)
{
    struct walk_result *res = kmalloc(sizeof *res);
    char *link = kmalloc(PATH_MAX_LEN);
    int r = res && link ? 0 : -ENOMEM;
    vnode_get(start);
    for (int hops = 0; r == 0; hops++) {
        r = vfs_walk_at(start, path, WALK_PARENT, res);
        if (r < 0)
            break;
        struct vnode *dir = res->node, *v;
        if (!res->last[0] || is_dot_or_dotdot(res->last) || res->trailing_slash) {
            vnode_put(dir);
            r = -EISDIR;
            break;
        }
        r = vfs_child(dir, res->last, &v);
        if (r == -ENOENT) {
            r = create_in(dir, res->last, mode, out);
            *created = r == 0;
        } else if (r == 0 && (flags & O_EXCL)) {
            vnode_put(v);
            r = -EEXIST;
        } else if (r == 0 && S_ISLNK(v->mode) && !(flags & O_NOFOLLOW)) {
            long n = v->ops->readlink(v, link, PATH_MAX_LEN - 1);
            vnode_put(v);
            if (n >= 0) {
                link[n] = '\0';
                path = link;
                vnode_put(start);
                start = dir;   /* a relative target starts at the link's directory */
                r = hops < SYMLOOP_MAX ? 0 : -ELOOP;
                continue;
            }
            r = (int)n;
        } else if (r == 0) {
            *out = v;
            if (S_ISDIR(v->mode)) {
                vnode_put(v);
                r = -EISDIR;
            }
        }
        vnode_put(dir);
        break;
    }
    vnode_put(start);
    kfree(link);
    kfree(res);
    return r;
}

int vfs_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **out)
{
    struct vnode *v;
    bool created = false;
    int r;
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    if (!path[0])
        return -ENOENT;
    if (flags & O_CREAT) {
        struct walk_result *res = kmalloc(sizeof *res);
        if (!res)
            return -ENOMEM;
        /* The directory the walk starts in: a walk of "." from dirfd. */
        r = vfs_walk(dirfd, path[0] == '/' ? "/" : ".", 0, res);
        if (r == 0) {
            r = open_create(res->node, path, flags, mode, &v, &created);
            vnode_put(res->node);
        }
        kfree(res);
    } else {
        r = vfs_lookup(dirfd, path, (flags & O_NOFOLLOW) ? WALK_NOFOLLOW : 0, &v);
    }
    if (r < 0)
        return r;
    r = open_vnode(v, flags, created, path, out);
    vnode_put(v);
    return r;
}
