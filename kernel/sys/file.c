/* The calls on file descriptors: reading, writing, seeking, duplicating,
 * fcntl and ioctl, with Linux's argument checks and error order. Handlers
 * take Linux's argument types, so an int argument is the register's low
 * 32 bits, as on Linux. */
#include "fs/fdtable.h"
#include "fs/fsnotify.h"
#include "fs/pipe.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/paging.h"
#include "net/socket.h"
#include "sched/proc.h"
#include "sys/syscall.h"
#include "uapi/ioctls.h"
#include "uapi/uio.h"


#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* What F_SETFL may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

struct flock {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
};

static struct fdtable *files(void) { return current_proc()->files; }

/* The file at fd, referenced; NULL for a bad fd or, unless path_ok, an
 * O_PATH one (both EBADF). */
static struct file *get_file(int fd, bool path_ok)
{
    struct file *f = fd_get(files(), fd);
    if (f && (f->flags & O_PATH) && !path_ok) {
        file_put(f);
        return NULL;
    }
    return f;
}

static long do_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (S_ISDIR(f->vnode->mode))
        return -EISDIR;
    if (!f->ops->read)
        return -EINVAL;
    if (!user_range_ok(buf, n))
        return -EFAULT;
    long r = f->ops->read(f, buf, MIN(n, MAX_RW_COUNT), pos);
    if (r > 0)
        fsnotify_change(f->vnode, IN_ACCESS);
    return r;
}

static long do_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    if (!user_range_ok(buf, n))
        return -EFAULT;
    long r = f->ops->write(f, buf, MIN(n, MAX_RW_COUNT), pos);
    if (r > 0)
        fsnotify_change(f->vnode, IN_MODIFY);
    return r;
}

SYSCALL_DEFINE3(read, unsigned int, fd, void __user *, buf, size_t, n)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r = do_read(f, buf, n, &f->pos);
    file_put(f);
    return r;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const void __user *, buf, size_t, n)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r = do_write(f, buf, n, &f->pos);
    file_put(f);
    return r;
}

/* pread/pwrite: at an offset, which stays untouched. */
static long positioned(unsigned int fd, void __user *buf, size_t n, int64_t off, bool write)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r;
    uint64_t pos = (uint64_t)off;
    if (off < 0)
        r = -EINVAL;
    else if (!f->ops->seekable)
        r = -ESPIPE;
    else
        r = write ? do_write(f, buf, n, &pos) : do_read(f, buf, n, &pos);
    file_put(f);
    return r;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, void __user *, buf, size_t, n, int64_t, off)
{
    return positioned(fd, buf, n, off, false);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const void __user *, buf, size_t, n, int64_t, off)
{
    return positioned(fd, (void *)buf, n, off, true);
}

#define RWF_HIPRI 0x01
#define RWF_DSYNC 0x02
#define RWF_SYNC  0x04

/* The RWF_ flags of preadv2/pwritev2. Polling, and syncing to a device
 * that memory file systems do not have, change nothing here; the rest is
 * -EOPNOTSUPP: RWF_NOWAIT as on Linux's files without FMODE_NOWAIT, and
 * RWF_APPEND, RWF_ATOMIC, RWF_DONTCACHE..., which no file here supports. */
static long rwf_check(int flags)
{
    return flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC) ? -EOPNOTSUPP : 0;
}

/* The work of readv, writev and the p*v calls on file f, in Linux's order
 * (vfs_readv): the file's access mode, then the user's struct iovec array
 * (at most UIO_MAXIOV, a total below 2^63), then the RWF_ flags unless there
 * is nothing to move; then one call per buffer, stopping at the first short
 * one. pos: &f->pos, or a positioned call's own offset. */
static long vectored(struct file *f, const struct iovec __user *uiov, unsigned long cnt,
                     uint64_t *pos, int flags, bool write)
{
    if (write ? !(f->flags & O_ACCMODE) : (f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (cnt > UIO_MAXIOV)
        return -EINVAL;
    struct iovec *iov = kmalloc(sizeof *iov * (cnt ? cnt : 1));
    if (!iov)
        return -ENOMEM;
    long r = copy_from_user(iov, uiov, sizeof *iov * cnt);
    size_t total = 0;
    for (unsigned long i = 0; r == 0 && i < cnt; i++) {
        if (iov[i].len > (size_t)INT64_MAX - total)
            r = -EINVAL;
        total += iov[i].len;
    }
    if (r == 0 && total)
        r = rwf_check(flags);
    long done = 0;
    if (r == 0 && (write ? f->ops->writev : f->ops->readv)) {
        done = write ? f->ops->writev(f, iov, cnt) : f->ops->readv(f, iov, cnt);
        if (done < 0) {
            r = done;
            done = 0;
        } else if (done > 0) {
            fsnotify_change(f->vnode, write ? IN_MODIFY : IN_ACCESS);
        }
        cnt = 0;                         /* done in one */
    }
    for (unsigned long i = 0; r == 0 && i < cnt; i++) {
        long n = write ? do_write(f, iov[i].base, iov[i].len, pos)
                       : do_read(f, iov[i].base, iov[i].len, pos);
        if (n < 0) {
            r = done ? 0 : n;
            break;
        }
        done += n;
        if ((size_t)n < iov[i].len)
            break;
    }
    kfree(iov);
    return r < 0 ? r : done;
}

/* readv, writev, and preadv2/pwritev2 at offset -1: at the file's position. */
static long vectored_at_pos(unsigned long fd, const struct iovec __user *iov, unsigned long cnt,
                            int flags, bool write)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r = vectored(f, iov, cnt, &f->pos, flags, write);
    file_put(f);
    return r;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt)
{
    return vectored_at_pos(fd, iov, cnt, 0, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt)
{
    return vectored_at_pos(fd, iov, cnt, 0, true);
}

/* preadv and pwritev: at an offset, which the file's position keeps out
 * of. On x86-64 the offset is the whole of pos_l (Linux's pos_from_hilo
 * shifts pos_h out). -1 in the v2 calls means the file's position. */
static long vectored_at(unsigned long fd, const struct iovec __user *iov, unsigned long cnt,
                        int64_t off, int flags, bool v2, bool write)
{
    if (v2 && off == -1)
        return vectored_at_pos(fd, iov, cnt, flags, write);
    if (off < 0)
        return -EINVAL;
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    uint64_t pos = (uint64_t)off;
    long r = f->ops->seekable ? vectored(f, iov, cnt, &pos, flags, write) : -ESPIPE;
    file_put(f);
    return r;
}

SYSCALL_DEFINE5(preadv, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt,
               unsigned long, pos_l, unsigned long, pos_h)
{
    return vectored_at(fd, iov, cnt, (int64_t)pos_l, 0, false, false);
}

SYSCALL_DEFINE5(pwritev, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt,
               unsigned long, pos_l, unsigned long, pos_h)
{
    return vectored_at(fd, iov, cnt, (int64_t)pos_l, 0, false, true);
}

SYSCALL_DEFINE6(preadv2, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt,
               unsigned long, pos_l, unsigned long, pos_h, int, flags)
{
    return vectored_at(fd, iov, cnt, (int64_t)pos_l, flags, true, false);
}

SYSCALL_DEFINE6(pwritev2, unsigned long, fd, const struct iovec __user *, iov, unsigned long, cnt,
               unsigned long, pos_l, unsigned long, pos_h, int, flags)
{
    return vectored_at(fd, iov, cnt, (int64_t)pos_l, flags, true, true);
}

/* The new offset for lseek, or -errno. Directories and /proc files have
 * no end to seek from, as on Linux. */
static int64_t seek_target(struct file *f, int64_t off, unsigned int whence)
{
    struct vnode *v = f->vnode;
    bool no_end = S_ISDIR(v->mode) || v->mnt->magic == PROC_SUPER_MAGIC;
    int64_t size = (int64_t)v->size, base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->pos; break;
    case SEEK_END:
        if (no_end)
            return -EINVAL;
        base = size;
        break;
    case SEEK_DATA:
    case SEEK_HOLE:
        if (no_end)
            return -EINVAL;
        if (off < 0 || off >= size)
            return -ENXIO;
        return whence == SEEK_DATA ? off : size;   /* no holes are reported */
    default:
        return -EINVAL;
    }
    int64_t pos;
    if (__builtin_add_overflow(base, off, &pos) || pos < 0)
        return -EINVAL;
    return pos;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, int64_t, off, unsigned int, whence)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    int64_t r;
    if (!f->ops->seekable)
        r = -ESPIPE;
    else if (S_ISCHR(f->vnode->mode))
        r = whence <= SEEK_HOLE ? (int64_t)f->pos : -EINVAL;   /* devices: no-op */
    else if ((r = seek_target(f, off, whence)) >= 0)
        f->pos = (uint64_t)r;
    file_put(f);
    return r;
}

/* The ioctls every file has, as Linux's do_vfs_ioctl. */
static long generic_ioctl(struct file *f, unsigned int fd, unsigned int cmd, unsigned long arg,
                          bool *handled)
{
    *handled = true;
    int on;
    switch (cmd) {
    case FIOCLEX:
    case FIONCLEX:
        return fd_set_cloexec(files(), (int)fd, cmd == FIOCLEX);
    case FIONBIO:
        if (get_user(on, (int *)arg))
            return -EFAULT;
        if (on)
            f->flags |= O_NONBLOCK;
        else
            f->flags &= ~O_NONBLOCK;
        return 0;
    case FIONREAD:
        if (S_ISREG(f->vnode->mode)) {
            int64_t left = (int64_t)f->vnode->size - (int64_t)f->pos;
            return put_user((int)MAX(MIN(left, INT32_MAX), 0), (int *)arg);
        }
        break;
    }
    *handled = false;
    return 0;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    bool handled;
    long r = generic_ioctl(f, fd, cmd, arg, &handled);
    if (!handled)
        r = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
    file_put(f);
    return r;
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
    return fd_close(files(), (int)fd);
}

SYSCALL_DEFINE1(dup, unsigned int, fd)
{
    struct file *f = get_file((int)fd, true);
    if (!f)
        return -EBADF;
    int r = fd_install(files(), f, 0, false);
    if (r < 0)
        file_put(f);
    return r;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
    if ((flags & ~O_CLOEXEC) || oldfd == newfd)
        return -EINVAL;
    if (newfd >= (unsigned)fd_limit())
        return -EBADF;
    struct file *f = get_file((int)oldfd, true);
    if (!f)
        return -EBADF;
    int r = fd_replace(files(), (int)newfd, f, flags & O_CLOEXEC);
    if (r < 0)
        file_put(f);
    return r;
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
    if (oldfd == newfd) {
        struct file *f = get_file((int)oldfd, true);
        if (!f)
            return -EBADF;
        file_put(f);
        return newfd;
    }
    return sys_dup3(oldfd, newfd, 0);
}

/* Record locks: one process cannot conflict with itself, so every lock is
 * granted and F_GETLK finds none. The arguments are checked as Linux does. */
static long record_lock(struct file *f, unsigned int cmd, struct flock __user *arg)
{
    struct flock l;
    if (copy_from_user(&l, arg, sizeof l))
        return -EFAULT;
    if (l.l_type != F_RDLCK && l.l_type != F_WRLCK && l.l_type != F_UNLCK)
        return -EINVAL;
    if (l.l_whence > SEEK_END)
        return -EINVAL;
    bool ofd = cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW;
    if (ofd && l.l_pid != 0)
        return -EINVAL;
    if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
        if (l.l_type == F_UNLCK)
            return -EINVAL;
        l.l_type = F_UNLCK;
        return copy_to_user(arg, &l, sizeof l);
    }
    uint32_t acc = f->flags & O_ACCMODE;
    if ((l.l_type == F_RDLCK && acc == O_WRONLY) || (l.l_type == F_WRLCK && acc == O_RDONLY))
        return -EBADF;
    return 0;
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
    struct file *f = get_file((int)fd, true);
    if (!f)
        return -EBADF;
    bool path = f->flags & O_PATH;
    long r;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= (unsigned long)fd_limit()) {
            r = -EINVAL;
            break;
        }
        file_get(f);
        if ((r = fd_install(files(), f, (int)arg, cmd == F_DUPFD_CLOEXEC)) < 0)
            file_put(f);
        break;
    case F_GETFD:
        r = fd_get_cloexec(files(), (int)fd);
        break;
    case F_SETFD:
        r = fd_set_cloexec(files(), (int)fd, arg & FD_CLOEXEC);
        break;
    case F_GETFL:
        r = f->flags;
        break;
    case F_SETFL:
        r = path ? -EBADF : 0;
        if (r == 0)
            f->flags = (f->flags & ~SETFL_MASK) | ((uint32_t)arg & SETFL_MASK);
        break;
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        r = path ? -EBADF : record_lock(f, cmd, (struct flock *)arg);
        break;
    default:
        r = path ? -EBADF : -EINVAL;
    }
    file_put(f);
    return r;
}

/* Whole-file locks: granted, as record locks are. */
SYSCALL_DEFINE2(flock, unsigned int, fd, unsigned int, op)
{
    unsigned kind = op & ~LOCK_NB;
    if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
        return -EINVAL;
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

/* Data is always in memory: nothing to flush, for the files that can be. */
static long sync_file(unsigned int fd)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    uint32_t mode = f->vnode->mode;
    file_put(f);
    return S_ISREG(mode) || S_ISDIR(mode) ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd) { return sync_file(fd); }

SYSCALL_DEFINE1(fdatasync, unsigned int, fd) { return sync_file(fd); }

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, int64_t, len)
{
    if (len < 0)
        return -EINVAL;
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r;
    if ((f->flags & O_ACCMODE) == O_RDONLY || !S_ISREG(f->vnode->mode))
        r = -EINVAL;
    else
        r = vfs_truncate(f->vnode, (uint64_t)len);
    file_put(f);
    return r;
}

/* Linux's checks of a mode alone (vfs_fallocate): known bits, one
 * operation, PUNCH_HOLE only with KEEP_SIZE, COLLAPSE and INSERT without. */
static bool falloc_mode_ok(int mode)
{
    int ops = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |
              FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES;
    bool keep = mode & FALLOC_FL_KEEP_SIZE;
    if (mode & ~(ops | FALLOC_FL_KEEP_SIZE))
        return false;
    switch (mode & ops) {
    case 0:
    case FALLOC_FL_UNSHARE_RANGE:
    case FALLOC_FL_ZERO_RANGE:
        return true;
    case FALLOC_FL_WRITE_ZEROES:
    case FALLOC_FL_COLLAPSE_RANGE:
    case FALLOC_FL_INSERT_RANGE:
        return !keep;
    case FALLOC_FL_PUNCH_HOLE:
        return keep;
    default:
        return false;
    }
}

/* The VFS's checks, then the file system's own (tmpfs: allocation and
 * holes; other modes EOPNOTSUPP, as Linux's shmem). */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, int64_t, off, int64_t, len)
{
    struct file *f = get_file(fd, false);
    if (!f)
        return -EBADF;
    struct vnode *v = f->vnode;
    int64_t end;
    long r;
    if (off < 0 || len <= 0)
        r = -EINVAL;
    else if (!falloc_mode_ok(mode))
        r = -EOPNOTSUPP;
    else if ((f->flags & O_ACCMODE) == O_RDONLY)
        r = -EBADF;
    else if (S_ISFIFO(v->mode))
        r = -ESPIPE;
    else if (S_ISDIR(v->mode))
        r = -EISDIR;
    else if (!S_ISREG(v->mode))
        r = -ENODEV;
    else if (__builtin_add_overflow(off, len, &end))
        r = -EFBIG;
    else if (!v->ops->fallocate)
        r = -EOPNOTSUPP;
    else
        r = v->ops->fallocate(v, mode, (uint64_t)off, (uint64_t)len);
    if (r == 0)
        fsnotify_change(v, IN_MODIFY);
    file_put(f);
    return r;
}

#define POSIX_FADV_NOREUSE 5

/* Advice on the page cache: nothing to act on where files are memory
 * (Linux's generic_fadvise for a file without a backing device), so only
 * its checks: a pipe is ESPIPE, a negative length or unknown advice
 * EINVAL. */
SYSCALL_DEFINE4(fadvise64, int, fd, int64_t, off, int64_t, len, int, advice)
{
    struct file *f = get_file(fd, false);
    if (!f)
        return -EBADF;
    long r = 0;
    if (S_ISFIFO(f->vnode->mode))
        r = -ESPIPE;
    else if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE)
        r = -EINVAL;
    file_put(f);
    return r;
}

#define SYNC_FILE_RANGE_VALID 7   /* WAIT_BEFORE | WRITE | WAIT_AFTER */

/* Writing back a range: memory file systems have nothing to write, so
 * only Linux's checks: the flags, a negative or wrapping range, and
 * ESPIPE for what is not a file, directory or symlink. */
SYSCALL_DEFINE4(sync_file_range, int, fd, int64_t, off, int64_t, n, unsigned int, flags)
{
    struct file *f = get_file(fd, false);
    if (!f)
        return -EBADF;
    uint32_t m = f->vnode->mode;
    uint64_t end = (uint64_t)off + (uint64_t)n;
    long r = 0;
    if ((flags & ~SYNC_FILE_RANGE_VALID) || off < 0 || (int64_t)end < 0 || end < (uint64_t)off)
        r = -EINVAL;
    else if (!S_ISREG(m) && !S_ISDIR(m) && !S_ISLNK(m) && (m & S_IFMT) != S_IFBLK)
        r = -ESPIPE;
    file_put(f);
    return r;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, buf, unsigned int, n)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r;
    if (!f->ops->getdents)
        r = -ENOTDIR;
    else if (!user_range_ok(buf, n))
        r = -EFAULT;
    else
        r = f->ops->getdents(f, buf, n, &f->pos);
    if (r >= 0)
        fsnotify_change(f->vnode, IN_ACCESS);   /* even at the end, as Linux's iterate_dir */
    file_put(f);
    return r;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
    struct file *f = get_file((int)fd, true);
    if (!f)
        return -EBADF;
    long r = -ENOTDIR;
    if (S_ISDIR(f->vnode->mode)) {
        struct fs_context *fs = current_proc()->fs;
        vnode_get(f->vnode);
        uint64_t fl = spin_lock_irqsave(&fs->lock);
        struct vnode *old = fs->cwd;
        fs->cwd = f->vnode;
        spin_unlock_irqrestore(&fs->lock, fl);
        vnode_put(old);
        r = 0;
    }
    file_put(f);
    return r;
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, uint32_t, mode)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r = vfs_chmod(f->vnode, mode);
    file_put(f);
    return r;
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uint32_t, uid, uint32_t, gid)
{
    struct file *f = get_file((int)fd, false);
    if (!f)
        return -EBADF;
    long r = vfs_chown(f->vnode, uid, gid);
    file_put(f);
    return r;
}

/* copy_file_range's checks of the two files and offsets, in Linux's order
 * (generic_copy_file_checks, then rw_verify_area); *len is shortened to
 * the source's end. */
static long copy_range_check(struct file *in, int64_t pin, struct file *out, int64_t pout,
                             size_t *len)
{
    struct vnode *vi = in->vnode, *vo = out->vnode;
    if (S_ISDIR(vi->mode) || S_ISDIR(vo->mode))
        return -EISDIR;
    if (!S_ISREG(vi->mode) || !S_ISREG(vo->mode))
        return -EINVAL;
    if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY ||
        (out->flags & O_APPEND))
        return -EBADF;
    if (vi->mnt != vo->mnt)
        return -EXDEV;
    if ((uint64_t)pin + *len < (uint64_t)pin || (uint64_t)pout + *len < (uint64_t)pout)
        return -EOVERFLOW;
    uint64_t size = vi->size;
    *len = pin >= (int64_t)size ? 0 : MIN(*len, size - (uint64_t)pin);
    if (vi == vo && (uint64_t)pout + *len > (uint64_t)pin && (uint64_t)pout < (uint64_t)pin + *len)
        return -EINVAL;          /* overlapping ranges of one file */
    if (pin < 0 || pout < 0)
        return -EINVAL;
    if (!vi->ops->read_page || !vo->ops->write_kernel)
        return -EINVAL;
    return 0;
}

/* Copies len bytes from vi at pin to vo at pout, a page at a time: bytes
 * copied, or -errno when none were. */
static long copy_range(struct vnode *vi, uint64_t pin, struct vnode *vo, uint64_t pout, size_t len)
{
    char *page = kmalloc(PAGE_SIZE);
    if (!page)
        return -ENOMEM;
    long r = 0;
    size_t done = 0;
    while (done < len) {
        uint64_t off = pin + done, base = ALIGN_DOWN(off, PAGE_SIZE);
        size_t n = MIN(len - done, (size_t)(base + PAGE_SIZE - off));
        r = vi->ops->read_page(vi, base, page);
        if (r == 0)
            r = vo->ops->write_kernel(vo, page + (off - base), n, pout + done);
        if (r < 0)
            break;
        done += (size_t)r;
        if ((size_t)r < n)
            break;
        r = 0;
    }
    kfree(page);
    return done ? (long)done : r;
}

/* An offset copy_file_range reads from the user, or the file's position. */
static long copy_range_pos(struct file *f, int64_t __user *uoff, int64_t *pos)
{
    if (uoff)
        return get_user(*pos, uoff) ? -EFAULT : 0;
    *pos = (int64_t)f->pos;
    return 0;
}

/* Between files of one mount (a tmpfs: every other one is read-only or
 * holds no regular files), at most MAX_RW_COUNT bytes at a time, as
 * Linux's splice fallback; the offsets given, or else the positions, move
 * by what was copied. */
SYSCALL_DEFINE6(copy_file_range, int, fd_in, int64_t __user *, off_in, int, fd_out,
               int64_t __user *, off_out, size_t, len, unsigned int, flags)
{
    struct file *in = get_file(fd_in, false), *out = in ? get_file(fd_out, false) : NULL;
    long r = out ? 0 : -EBADF;
    int64_t pin, pout;
    if (r == 0 && (r = copy_range_pos(in, off_in, &pin)) == 0)
        r = copy_range_pos(out, off_out, &pout);
    if (r == 0 && flags)
        r = -EINVAL;
    if (r == 0)
        r = copy_range_check(in, pin, out, pout, &len);
    if (r == 0 && len)
        r = copy_range(in->vnode, (uint64_t)pin, out->vnode, (uint64_t)pout, MIN(len, MAX_RW_COUNT));
    if (r > 0) {
        fsnotify_change(in->vnode, IN_ACCESS);
        fsnotify_change(out->vnode, IN_MODIFY);
        int fault = 0;
        if (off_in)
            fault |= put_user(pin + r, off_in);
        else
            in->pos = (uint64_t)(pin + r);
        if (off_out)
            fault |= put_user(pout + r, off_out);
        else
            out->pos = (uint64_t)(pout + r);
        if (fault)
            r = -EFAULT;
    }
    if (out)
        file_put(out);
    if (in)
        file_put(in);
    return r;
}

/* pipe2: both ends installed, then their numbers written out. */
SYSCALL_DEFINE2(pipe2, int __user *, fds, int, flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct file *rd, *wr;
    int r = pipe_create(flags, &rd, &wr);
    if (r < 0)
        return r;
    int pair[2];
    pair[0] = fd_install(files(), rd, 0, flags & O_CLOEXEC);
    if (pair[0] < 0) {
        file_put(rd);
        file_put(wr);
        return pair[0];
    }
    pair[1] = fd_install(files(), wr, 0, flags & O_CLOEXEC);
    if (pair[1] < 0) {
        fd_close(files(), pair[0]);
        file_put(wr);
        return pair[1];
    }
    if (copy_to_user(fds, pair, sizeof pair)) {
        fd_close(files(), pair[0]);
        fd_close(files(), pair[1]);
        return -EFAULT;
    }
    return 0;
}

SYSCALL_DEFINE1(pipe, int __user *, fds)
{
    return sys_pipe2(fds, 0);
}

/* sendfile: a regular file into a socket (net/sendfile.c). */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, int64_t __user *, offset, size_t, count)
{
    struct fdtable *t = current_proc()->files;
    struct file *in = fd_get(t, in_fd), *out = fd_get(t, out_fd);
    long r = 0;
    if (!in || !out || (in->flags & O_PATH) || (out->flags & O_PATH) ||
        (in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
        r = -EBADF;
    struct socket *s = r ? NULL : sock_from_file(out);
    if (r == 0 && (!S_ISREG(in->vnode->mode) || !in->vnode->ops->read_page || !s))
        r = -EINVAL;
    int64_t pos = 0;
    if (r == 0 && offset) {
        if (get_user(pos, offset))
            r = -EFAULT;
        else if (pos < 0)
            r = -EINVAL;
    }
    if (r == 0) {
        uint64_t p = offset ? (uint64_t)pos : in->pos;
        r = count ? sock_sendfile(s, out, in->vnode, &p, MIN(count, MAX_RW_COUNT)) : 0;
        if (offset) {
            if (put_user((int64_t)p, offset))
                r = -EFAULT;
        } else {
            in->pos = p;
        }
    }
    if (in)
        file_put(in);
    if (out)
        file_put(out);
    return r;
}
