/* The calls on path names: open, mkdir, symlink, link, unlink, rename, readlink, the
 * working directory, chmod, chown, the times, umask and truncate. The work is the VFS's
 * (fs/open.c, fs/namei.c); these copy the names in and apply the umask. */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "sched/proc.h"
#include "sys/syscall.h"
#include "uapi/time.h"

#define O_TMPFILE (020000000 | O_DIRECTORY)

static uint32_t umasked(uint32_t mode)
{
    return mode & ~current_proc()->umask;
}

SYSCALL_DEFINE4(openat, int, dirfd, const char __user *, upath, int, flags, uint32_t, mode)
{
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;     /* no file system here makes unnamed files */
    if ((flags & O_CREAT) && (flags & O_DIRECTORY))
        return -EINVAL;
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    struct file *f;
    r = vfs_open(dirfd, path, flags, umasked(mode), &f);
    kfree(path);
    if (r < 0)
        return r;
    r = fd_install(current_proc()->files, f, 0, flags & O_CLOEXEC);
    if (r < 0)
        file_put(f);
    return r;
}

SYSCALL_DEFINE3(open, const char __user *, path, int, flags, uint32_t, mode)
{
    return sys_openat(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, path, uint32_t, mode)
{
    return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, const char __user *, upath, uint32_t, mode)
{
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    r = vfs_mkdir(dirfd, path, umasked(mode) & 01777);
    kfree(path);
    return r;
}

SYSCALL_DEFINE2(mkdir, const char __user *, path, uint32_t, mode)
{
    return sys_mkdirat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, const char __user *, upath, int, flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    r = vfs_unlink(dirfd, path, flags & AT_REMOVEDIR);
    kfree(path);
    return r;
}

SYSCALL_DEFINE1(unlink, const char __user *, path)
{
    return sys_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE1(rmdir, const char __user *, path)
{
    return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

SYSCALL_DEFINE5(renameat2, int, odirfd, const char __user *, uold, int, ndirfd,
               const char __user *, unew, unsigned int, flags)
{
    long r;
    char *old = getname(uold, &r), *new = old ? getname(unew, &r) : NULL;
    if (new)
        r = vfs_rename(odirfd, old, ndirfd, new, flags);
    kfree(new);
    kfree(old);
    return r;
}

SYSCALL_DEFINE4(renameat, int, odirfd, const char __user *, old, int, ndirfd,
               const char __user *, new)
{
    return sys_renameat2(odirfd, old, ndirfd, new, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, old, const char __user *, new)
{
    return sys_renameat2(AT_FDCWD, old, AT_FDCWD, new, 0);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, utarget, int, dirfd, const char __user *, upath)
{
    long r;
    char *target = getname(utarget, &r), *path = target ? getname(upath, &r) : NULL;
    if (path)
        r = vfs_symlink(target, dirfd, path);
    kfree(path);
    kfree(target);
    return r;
}

SYSCALL_DEFINE2(symlink, const char __user *, target, const char __user *, path)
{
    return sys_symlinkat(target, AT_FDCWD, path);
}

/* The old name is not followed unless AT_SYMLINK_FOLLOW: a hard link to
 * a symlink is a second name of the symlink, as Linux. */
SYSCALL_DEFINE5(linkat, int, odirfd, const char __user *, uold, int, ndirfd,
               const char __user *, unew, int, flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    int at = (flags & AT_EMPTY_PATH) | ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW);
    struct vnode *v;
    long r = user_path_at_empty(odirfd, uold, at, &v);
    if (r < 0)
        return r;
    char *path = getname(unew, &r);
    if (path)
        r = vfs_link(v, ndirfd, path);
    kfree(path);
    vnode_put(v);
    return r;
}

SYSCALL_DEFINE2(link, const char __user *, old, const char __user *, new)
{
    return sys_linkat(AT_FDCWD, old, AT_FDCWD, new, 0);
}

/* An empty path reads the symlink dirfd names (opened O_PATH|O_NOFOLLOW). */
static long readlink_empty(int dirfd, char *buf, size_t cap)
{
    struct file *f = fd_get(current_proc()->files, dirfd);
    if (!f)
        return dirfd == AT_FDCWD ? -ENOENT : -EBADF;
    struct vnode *v = f->vnode;
    long n = S_ISLNK(v->mode) && v->ops->readlink ? v->ops->readlink(v, buf, cap) : -ENOENT;
    file_put(f);
    return n;
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, const char __user *, upath, char __user *, ubuf, int, size)
{
    if (size <= 0)
        return -EINVAL;
    long r;
    char *path = getname(upath, &r);
    if (!path)
        return r;
    size_t cap = MIN((size_t)size, PATH_MAX_LEN);
    char *buf = kmalloc(cap);
    if (!buf)
        r = -ENOMEM;
    else if (!path[0])
        r = readlink_empty(dirfd, buf, cap);
    else
        r = vfs_readlink(dirfd, path, buf, cap);
    if (r > 0 && copy_to_user(ubuf, buf, (size_t)r))
        r = -EFAULT;
    kfree(buf);
    kfree(path);
    return r;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, size)
{
    return sys_readlinkat(AT_FDCWD, path, buf, size);
}

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
    struct vnode *v;
    long r = user_path_at(AT_FDCWD, upath, 0, &v);
    if (r < 0)
        return r;
    if (!S_ISDIR(v->mode)) {
        vnode_put(v);
        return -ENOTDIR;
    }
    struct fs_context *fs = current_proc()->fs;
    uint64_t f = spin_lock_irqsave(&fs->lock);
    struct vnode *old = fs->cwd;
    fs->cwd = v;
    spin_unlock_irqrestore(&fs->lock, f);
    vnode_put(old);
    return 0;
}

/* The length with the NUL, as Linux's syscall (glibc returns the buffer). */
SYSCALL_DEFINE2(getcwd, char __user *, ubuf, unsigned long, size)
{
    struct fs_context *fs = current_proc()->fs;
    uint64_t f = spin_lock_irqsave(&fs->lock);
    struct vnode *cwd = fs->cwd;
    vnode_get(cwd);
    spin_unlock_irqrestore(&fs->lock, f);
    char *buf = kmalloc(PATH_MAX_LEN);
    long n = buf ? vfs_path(cwd, buf, PATH_MAX_LEN) : -ENOMEM;
    if (n >= 0 && cwd->nlink == 0)
        n = -ENOENT;           /* removed */
    else if (n >= 0 && (unsigned long)n + 1 > size)
        n = -ERANGE;
    else if (n >= 0)
        n = copy_to_user(ubuf, buf, (size_t)n + 1) ? -EFAULT : n + 1;
    kfree(buf);
    vnode_put(cwd);
    return n;
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, const char __user *, upath, uint32_t, mode)
{
    struct vnode *v;
    long r = user_path_at(dirfd, upath, 0, &v);
    if (r < 0)
        return r;
    r = vfs_chmod(v, mode);
    vnode_put(v);
    return r;
}

SYSCALL_DEFINE2(chmod, const char __user *, path, uint32_t, mode)
{
    return sys_fchmodat(AT_FDCWD, path, mode);
}

struct utimbuf { int64_t actime, modtime; };

/* utimensat's work after its copy-in (t NULL: now): a NULL path with a
 * descriptor is futimens, which takes no flags and no O_PATH descriptor. */
static long do_utimes(int dirfd, const char __user *upath, const struct timespec64 *t, int flags)
{
    struct vnode *v;
    long r;
    if (!upath && dirfd != AT_FDCWD) {
        if (flags)
            return -EINVAL;
        struct file *f = fd_get(current_proc()->files, dirfd);
        if (!f || (f->flags & O_PATH)) {
            if (f)
                file_put(f);
            return -EBADF;
        }
        v = f->vnode;
        vnode_get(v);
        file_put(f);
    } else {
        if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
            return -EINVAL;
        if ((r = user_path_at_empty(dirfd, upath, flags, &v)) < 0)
            return r;
    }
    r = vfs_utimes(v, t);
    vnode_put(v);
    return r;
}

SYSCALL_DEFINE4(utimensat, int, dirfd, const char __user *, upath,
               const struct timespec64 __user *, utimes, int, flags)
{
    struct timespec64 t[2];
    if (utimes) {
        if (copy_from_user(t, utimes, sizeof t))
            return -EFAULT;
        if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
            return 0;             /* as Linux: not even the path is looked at */
    }
    return do_utimes(dirfd, upath, utimes ? t : NULL, flags);
}

/* futimesat and utimes: microseconds, checked before the path is. */
SYSCALL_DEFINE3(futimesat, int, dirfd, const char __user *, upath,
               const struct kernel_timeval __user *, utimes)
{
    struct kernel_timeval tv[2];
    struct timespec64 t[2];
    if (utimes) {
        if (copy_from_user(tv, utimes, sizeof tv))
            return -EFAULT;
        for (int i = 0; i < 2; i++) {
            if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
                return -EINVAL;
            t[i] = (struct timespec64){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
        }
    }
    return do_utimes(dirfd, upath, utimes ? t : NULL, 0);
}

SYSCALL_DEFINE2(utimes, const char __user *, upath, const struct kernel_timeval __user *, utimes)
{
    return sys_futimesat(AT_FDCWD, upath, utimes);
}

SYSCALL_DEFINE2(utime, const char __user *, upath, const struct utimbuf __user *, times)
{
    struct utimbuf ub = { 0, 0 };
    if (times && copy_from_user(&ub, times, sizeof ub))
        return -EFAULT;
    struct timespec64 t[2] = { { ub.actime, 0 }, { ub.modtime, 0 } };
    return do_utimes(AT_FDCWD, upath, times ? t : NULL, 0);
}

SYSCALL_DEFINE5(fchownat, int, dirfd, const char __user *, upath, uint32_t, uid, uint32_t, gid,
               int, flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vnode *v;
    long r = user_path_at_empty(dirfd, upath, flags, &v);
    if (r < 0)
        return r;
    r = vfs_chown(v, uid, gid);
    vnode_put(v);
    return r;
}

SYSCALL_DEFINE3(chown, const char __user *, path, uint32_t, uid, uint32_t, gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, path, uint32_t, uid, uint32_t, gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE1(umask, int, mask)
{
    struct process *p = current_proc();
    uint32_t old = p->umask;
    p->umask = (uint32_t)mask & 0777;
    return old;
}

SYSCALL_DEFINE2(truncate, const char __user *, upath, int64_t, len)
{
    if (len < 0)
        return -EINVAL;
    struct vnode *v;
    long r = user_path_at(AT_FDCWD, upath, 0, &v);
    if (r < 0)
        return r;
    r = vfs_truncate(v, (uint64_t)len);
    vnode_put(v);
    return r;
}
