/* What files say about themselves: the stat family, statx, statfs and
 * access, in Linux x86-64's structure layouts. */
#include <stddef.h>
#include "fs/fdtable.h"
#include "fs/initramfs.h"
#include "fs/procfmt.h"
#include "fs/procfs.h"
#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "sched/proc.h"
#include "sys/syscall.h"

#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000
#define AT_EACCESS 0x200

#define STATX_BASIC_STATS 0x7ffu
#define STATX_MNT_ID 0x1000u
#define STATX__RESERVED 0x80000000u
#define STATX_ATTR_MOUNT_ROOT 0x2000

#define ST_RDONLY 0x0001
#define ST_VALID 0x0020
#define ST_RELATIME 0x1000

#define R_OK 4
#define W_OK 2
#define X_OK 1

struct stat {                     /* Linux x86-64: 144 bytes */
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, __pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    int64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
    int64_t reserved[3];
};
_Static_assert(sizeof(struct stat) == 144, "struct stat is Linux's");

struct statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t __reserved;
};

struct statx {                    /* 256 bytes */
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, __spare0;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t stx_mnt_id;
    uint32_t stx_dio_mem_align, stx_dio_offset_align;
    uint64_t __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx is Linux's");
_Static_assert(offsetof(struct statx, stx_mnt_id) == 144, "struct statx is Linux's");

struct statfs {                   /* 120 bytes */
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "struct statfs is Linux's");

/* /proc reports 1024-byte blocks, as Linux's. */
static int64_t blksize_of(struct vnode *v)
{
    return v->mnt->magic == PROC_SUPER_MAGIC ? 1024 : 4096;
}

/* 512-byte blocks held: the pages a tmpfs file holds (none for a hole,
 * as Linux), the whole size for the image's files. */
static int64_t blocks_of(struct vnode *v)
{
    if (!S_ISREG(v->mode))
        return 0;
    if (v->ops->pages_held)
        return (int64_t)(v->ops->pages_held(v) * (4096 / 512));
    bool memfs = v->mnt->magic == TMPFS_MAGIC || v->mnt->magic == RAMFS_MAGIC;
    return memfs ? (int64_t)(ALIGN_UP(v->size, 4096) / 512) : 0;
}

static void fill_stat(struct vnode *v, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = v->mnt->dev;
    st->st_ino = v->ino;
    st->st_nlink = v->nlink;
    st->st_mode = v->mode;
    st->st_uid = v->uid;
    st->st_gid = v->gid;
    st->st_rdev = v->rdev;
    st->st_size = (int64_t)v->size;
    st->st_blksize = blksize_of(v);
    st->st_blocks = blocks_of(v);
    st->st_atime = v->atime.tv_sec;
    st->st_atime_nsec = v->atime.tv_nsec;
    st->st_mtime = v->mtime.tv_sec;
    st->st_mtime_nsec = v->mtime.tv_nsec;
    st->st_ctime = v->ctime.tv_sec;
    st->st_ctime_nsec = v->ctime.tv_nsec;
}

/* The stat calls take a NULL path with AT_EMPTY_PATH as an empty one, as
 * Linux 6.11 does for statx. */
static long stat_lookup(int dirfd, const char __user *upath, int flags, struct vnode **out)
{
    if (!upath && (flags & AT_EMPTY_PATH))
        return empty_path_vnode(dirfd, out);
    return user_path_at_empty(dirfd, upath, flags, out);
}

static long stat_vnode(struct vnode *v, struct stat __user *ubuf)
{
    struct stat st;
    fill_stat(v, &st);
    vnode_put(v);
    return copy_to_user(ubuf, &st, sizeof st);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, const char __user *, path, struct stat __user *, buf,
               int, flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct vnode *v;
    long r = stat_lookup(dirfd, path, flags, &v);
    return r < 0 ? r : stat_vnode(v, buf);
}

SYSCALL_DEFINE2(stat, const char __user *, path, struct stat __user *, buf)
{
    return sys_newfstatat(AT_FDCWD, path, buf, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, path, struct stat __user *, buf)
{
    return sys_newfstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, buf)
{
    struct vnode *v;
    long r = fd_vnode((int)fd, &v);
    return r < 0 ? r : stat_vnode(v, buf);
}

static struct statx_timestamp stx_time(struct timespec64 t)
{
    return (struct statx_timestamp){ .tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec };
}

/* Linux fills the basic fields whatever the mask asks, and the mount id. */
static void fill_statx(struct vnode *v, struct statx *sx)
{
    memset(sx, 0, sizeof *sx);
    sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
    sx->stx_blksize = (uint32_t)blksize_of(v);
    sx->stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
    if (v == v->mnt->root)
        sx->stx_attributes = STATX_ATTR_MOUNT_ROOT;
    sx->stx_nlink = v->nlink;
    sx->stx_uid = v->uid;
    sx->stx_gid = v->gid;
    sx->stx_mode = (uint16_t)v->mode;
    sx->stx_ino = v->ino;
    sx->stx_size = v->size;
    sx->stx_blocks = (uint64_t)blocks_of(v);
    sx->stx_atime = stx_time(v->atime);
    sx->stx_ctime = stx_time(v->ctime);
    sx->stx_mtime = stx_time(v->mtime);
    sx->stx_rdev_major = dev_major(v->rdev);
    sx->stx_rdev_minor = dev_minor(v->rdev);
    sx->stx_dev_major = dev_major(v->mnt->dev);
    sx->stx_dev_minor = dev_minor(v->mnt->dev);
    sx->stx_mnt_id = (uint64_t)v->mnt->id;
}

SYSCALL_DEFINE5(statx, int, dirfd, const char __user *, path, int, flags, unsigned int, mask,
               struct statx __user *, buf)
{
    if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) ||
        (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
        return -EINVAL;
    struct vnode *v;
    long r = stat_lookup(dirfd, path, flags, &v);
    if (r < 0)
        return r;
    struct statx sx;
    fill_statx(v, &sx);
    vnode_put(v);
    return copy_to_user(buf, &sx, sizeof sx);
}

static void fill_statfs(struct mount *m, struct statfs *sf)
{
    memset(sf, 0, sizeof *sf);
    sf->f_type = (int64_t)m->magic;
    sf->f_bsize = sf->f_frsize = 4096;
    sf->f_namelen = NAME_MAX_LEN;
    sf->f_flags = ST_VALID | ST_RELATIME | (m->rdonly ? ST_RDONLY : 0);
    if (m->magic == TMPFS_MAGIC) {
        uint64_t limit, used;
        tmpfs_usage(&limit, &used);
        sf->f_blocks = sf->f_files = limit;
        sf->f_bfree = sf->f_bavail = sf->f_ffree = limit - MIN(used, limit);
    }
}

static long statfs_vnode(struct vnode *v, struct statfs __user *buf)
{
    struct statfs sf;
    fill_statfs(v->mnt, &sf);
    vnode_put(v);
    return copy_to_user(buf, &sf, sizeof sf);
}

SYSCALL_DEFINE2(statfs, const char __user *, path, struct statfs __user *, buf)
{
    struct vnode *v;
    long r = stat_lookup(AT_FDCWD, path, 0, &v);
    return r < 0 ? r : statfs_vnode(v, buf);
}

SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs __user *, buf)
{
    struct vnode *v;
    long r = fd_vnode((int)fd, &v);
    return r < 0 ? r : statfs_vnode(v, buf);
}

/* Root may do anything, but writes to a read-only file system and
 * running a file with no execute bit at all. */
SYSCALL_DEFINE4(faccessat2, int, dirfd, const char __user *, path, int, mode, int, flags)
{
    if ((mode & ~(R_OK | W_OK | X_OK)) ||
        (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
        return -EINVAL;
    struct vnode *v;
    long r = stat_lookup(dirfd, path, flags, &v);
    if (r < 0)
        return r;
    bool on_fs = S_ISREG(v->mode) || S_ISDIR(v->mode) || S_ISLNK(v->mode);
    if ((mode & W_OK) && on_fs && v->mnt->rdonly)
        r = -EROFS;
    else if ((mode & X_OK) && !S_ISDIR(v->mode) && !(v->mode & 0111))
        r = -EACCES;
    vnode_put(v);
    return r;
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char __user *, path, int, mode)
{
    return sys_faccessat2(dirfd, path, mode, 0);
}

SYSCALL_DEFINE2(access, const char __user *, path, int, mode)
{
    return sys_faccessat2(AT_FDCWD, path, mode, 0);
}
