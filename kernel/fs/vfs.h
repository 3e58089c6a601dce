/* The virtual file system: vnodes (files, directories, symlinks, devices)
 * of mounted file systems, and open files. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/path.h"
#include "mm/uaccess.h"

/* st_mode bits, Linux values */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISUID  04000
#define S_ISGID  02000
#define S_IXGRP  00010
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

/* The most bytes one read, write or transfer moves: INT_MAX rounded down
 * to a page, as Linux (include/linux/fs.h). */
#define MAX_RW_COUNT 0x7ffff000ul

/* open flags, Linux values */
#define O_ACCMODE   03
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DSYNC     010000
#define O_DIRECT    040000
#define O_LARGEFILE 0100000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH      010000000

#define AT_FDCWD -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000

struct vnode;
struct file;
struct mount;
struct waitq;
struct iovec;
struct inotify_watch;

struct timespec64 { int64_t tv_sec; int64_t tv_nsec; };

struct vnode_ops {
    /* Directory operations; NULL where the file system has none (-EROFS
     * or -ENOTDIR as fits). lookup returns a referenced vnode. */
    int (*lookup)(struct vnode *dir, const char *name, size_t len, struct vnode **out);
    int (*create)(struct vnode *dir, const char *name, size_t len, uint32_t mode, struct vnode **out);
    int (*mkdir)(struct vnode *dir, const char *name, size_t len, uint32_t mode);
    int (*unlink)(struct vnode *dir, const char *name, size_t len, bool dir_only);
    int (*rename)(struct vnode *odir, const char *oname, size_t olen,
                  struct vnode *ndir, const char *nname, size_t nlen);
    /* A new symlink name in dir to target (NUL-terminated, not empty). */
    int (*symlink)(struct vnode *dir, const char *name, size_t len, const char *target);
    /* A new name in dir for v, a file (not a directory) of the same mount. */
    int (*link)(struct vnode *dir, const char *name, size_t len, struct vnode *v);
    long (*readlink)(struct vnode *v, char *buf, size_t cap);
    int (*truncate)(struct vnode *v, uint64_t size);
    /* Copies the file's page at byte offset off (4096-aligned) into
     * dst (4096 bytes, zero-filled past the end of file): for mmap. */
    int (*read_page)(struct vnode *v, uint64_t off, void *dst);
    /* The frame holding the file's page at off (4096-aligned, below
     * the end of file), with a reference for the caller: MAP_SHARED maps
     * it, so stores reach the file and write() shows through, and private
     * mappings map it read-only until a write copies it. A hole gets a
     * page only when fill (a write through MAP_SHARED; 0 when the file
     * system is full); else 0 and the file is marked holes_mapped (the
     * caller maps the zero page). On a read-only mount, 0 when that page
     * cannot be shared (read_page copies it then). NULL where pages are
     * never shared. */
    uint64_t (*share_page)(struct vnode *v, uint64_t off, bool fill);
    /* fallocate on a regular file after the VFS's checks: mode is 0,
     * FALLOC_FL_KEEP_SIZE or FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE, or
     * another that the file system refuses (-EOPNOTSUPP). NULL: none. */
    int (*fallocate)(struct vnode *v, int mode, uint64_t off, uint64_t len);
    /* Writes n bytes of kernel memory at byte pos of a regular file
     * (copy_file_range): bytes written, or -errno when none were. NULL
     * where files cannot be written so. */
    long (*write_kernel)(struct vnode *v, const void *src, size_t n, uint64_t pos);
    /* The whole contents in memory when the file system keeps them so
     * (initramfs), else NULL. */
    const void *(*direct)(struct vnode *v);
    /* Whether the file holds the page at off (mincore); called with an
     * mm lock held. NULL: none held, unless direct. */
    bool (*holds_page)(struct vnode *v, uint64_t off);
    /* Pages the file holds (a sparse file's holes hold none), for
     * st_blocks; NULL where that is the size rounded up to pages. */
    uint64_t (*pages_held)(struct vnode *v);
    /* Called when the last reference goes. */
    void (*release)(struct vnode *v);
};

struct vnode {
    uint32_t mode;             /* S_IF* | permissions */
    uint32_t nlink, uid, gid;
    uint64_t ino;
    uint64_t size;
    uint64_t rdev;             /* devices: makedev(major, minor) */
    struct timespec64 atime, mtime, ctime;
    int refcount;
    const struct vnode_ops *ops;
    const struct file_ops *fops;   /* what open() installs */
    struct mount *mnt;         /* the mount this vnode belongs to */
    struct mount *covered_by;  /* a file system mounted on this directory */
    struct vnode *parent;      /* referenced directory it was found in, for ".." and vfs_path;
                                  NULL for a mount's root ("..": see mount.mountpoint) */
    char name[64];             /* last path component, for /proc/self/maps and readlink; may be truncated */
    struct inotify_watch *watches; /* inotify's (fs/inotify.c), guarded by its inotify_lock */
    int opens;                 /* open files (not O_PATH): a file unlinked while open is
                                  deleted (IN_DELETE_SELF) at its last close, as Linux */
    bool holes_mapped;         /* share_page left a hole to the zero page: the file system
                                  calls mm_hole_filled when it fills a hole (never cleared) */
    void *priv;
};

struct mount {
    struct vnode *root;
    struct vnode *mountpoint;  /* NULL for "/" */
    uint64_t dev;              /* st_dev */
    uint64_t magic;            /* statfs f_type */
    const char *fstype;        /* "tmpfs", "proc", ... */
    bool rdonly;               /* writes give -EROFS */
    int id;                    /* for /proc/self/mountinfo */
};

/* Memory of a device, for mmap: a physical range, and the PTE cache bits
 * (PTE_CACHE_*) to map it with. */
struct iomem { uint64_t phys, len, cache; };

struct file_ops {
    long (*read)(struct file *f, void __user *buf, size_t n, uint64_t *pos);
    long (*write)(struct file *f, const void __user *buf, size_t n, uint64_t *pos);
    /* Fills user buffer with struct linux_dirent64 records from *pos on. */
    long (*getdents)(struct file *f, void __user *buf, size_t n, uint64_t *pos);
    long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
    /* Readiness mask (POLLIN|POLLOUT|...) now, and the wait queue (the same
     * every time) on which every change is announced: by wake_up, or by
     * wake_up_poll naming the events, so that edge-triggered epoll reports
     * only what is new. NULL: always ready, and epoll refuses the file, as
     * Linux's files without poll (fs/poll.c). */
    unsigned (*poll)(struct file *f, struct waitq **wq);
    /* Devices whose memory MAP_SHARED maps directly (a framebuffer): that
     * memory now, or -ENODEV. The pages are the device's, not RAM, so such
     * mappings (VMA_PFNMAP) never reference or free them. */
    int (*iomem)(struct vnode *v, struct iomem *out);
    /* readv/writev as one operation over all the buffers (a socket's one
     * message: a read returns what is there, not what fills them all);
     * NULL: one read or write per buffer. iov is a kernel copy of the
     * user's struct iovec array. */
    long (*readv)(struct file *f, const struct iovec *iov, unsigned long cnt);
    long (*writev)(struct file *f, const struct iovec *iov, unsigned long cnt);
    int (*open)(struct file *f);       /* may be NULL */
    void (*close)(struct file *f);     /* last reference of the file, may be NULL */
    bool seekable;
};

struct file {
    struct vnode *vnode;       /* referenced */
    const struct file_ops *ops;
    uint64_t pos;
    uint32_t flags;            /* O_* status flags (not O_CLOEXEC) */
    int refcount;
    void *priv;
    struct epitem *epitems;    /* the epoll sets watching it (fs/epoll.c) */
    char path[256];            /* its path at open (vfs_path), for /proc/self/fd */
};

/* A new instance of a file system: its vnodes are allocated on it (the
 * root first), then vfs_mount attaches it. NULL when out of memory. */
struct mount *mount_new(const char *fstype, uint64_t magic, bool rdonly);
/* Mounts the file system whose root vnode is `root` (root->mnt from
 * mount_new) on the directory at path; the first mount is "/". */
int vfs_mount(const char *path, struct vnode *root);
/* The root directory, referenced: for the first process's fs_context. */
struct vnode *vfs_root(void);
/* Calls fn for each mount, "/" first. */
void vfs_for_each_mount(void (*fn)(struct mount *m, void *ctx), void *ctx);

void vnode_get(struct vnode *v);
void vnode_put(struct vnode *v);
/* Allocates a vnode with one reference on mount mnt. */
struct vnode *vnode_alloc(struct mount *mnt, uint32_t mode, const struct vnode_ops *ops,
                          const struct file_ops *fops);

/* Resolves a path for the current process (relative to dirfd when not
 * absolute); flags: WALK_NOFOLLOW / WALK_PARENT of fs/path.h. */
int vfs_lookup(int dirfd, const char *path, int flags, struct vnode **out);
/* vfs_lookup that also tells the last component (fs/path.h); res->node
 * is a referenced struct vnode *. */
int vfs_walk(int dirfd, const char *path, int flags, struct walk_result *res);
/* For the fs/ files: a walk from directory `start` (a relative path) for
 * the current process; the child `name` of dir, mounts crossed; whether a
 * is d or one of its ancestors (within the mount). */
int vfs_walk_at(struct vnode *start, const char *path, int flags, struct walk_result *res);
int vfs_child(struct vnode *dir, const char *name, struct vnode **out);
bool vnode_is_ancestor(struct vnode *a, struct vnode *d);
/* The inode number of v's parent (v's own for a mount's root), for "..". */
uint64_t vnode_parent_ino(struct vnode *v);
/* Opens path: a referenced file, or -errno. */
int vfs_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **out);
/* Opens an already looked-up vnode; path stands in for its name when
 * vfs_path cannot give it. */
int vfs_open_vnode(struct vnode *v, int flags, const char *path, struct file **out);
/* Writes the absolute path of v into buf: length, or -ENAMETOOLONG.
 * A file that was unlinked ends in " (deleted)", as on Linux; a vnode
 * outside the tree (a pipe) is its name alone. */
long vfs_path(struct vnode *v, char *buf, size_t cap);
/* The directory v was last found in, referenced, with v's name there
 * copied to name (64 bytes); NULL for a mount's root or a pipe. */
struct vnode *vnode_parent_named(struct vnode *v, char *name);
/* Sets the directory v is found in and its name there (creation, rename). */
void vnode_set_parent(struct vnode *v, struct vnode *parent, const char *name, size_t len);

/* The calls on names (fs/namei.c), relative to dirfd like the *at calls.
 * mode is final (the caller applied the umask). */
int vfs_mkdir(int dirfd, const char *path, uint32_t mode);
int vfs_unlink(int dirfd, const char *path, bool rmdir);
/* flags: RENAME_NOREPLACE, else 0. */
int vfs_rename(int odirfd, const char *opath, int ndirfd, const char *npath, unsigned flags);
long vfs_readlink(int dirfd, const char *path, char *buf, size_t cap);
int vfs_symlink(const char *target, int dirfd, const char *path);
/* A new name path for the file v (referenced by the caller). */
int vfs_link(struct vnode *v, int dirfd, const char *path);
/* Sets the size of a regular file: -EISDIR, -EINVAL, -EROFS as Linux. */
int vfs_truncate(struct vnode *v, uint64_t size);
/* Sets the permission bits (07777 of mode). */
int vfs_chmod(struct vnode *v, uint32_t mode);
/* Sets the owner and group; (uint32_t)-1 keeps one. */
int vfs_chown(struct vnode *v, uint32_t uid, uint32_t gid);
/* Sets the access and modification times to times[0] and times[1], each
 * a time, UTIME_NOW or UTIME_OMIT (else -EINVAL), or both to now for
 * NULL; the change time becomes now. -EROFS on a read-only mount. */
int vfs_utimes(struct vnode *v, const struct timespec64 *times);
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#define RENAME_NOREPLACE 1

/* fallocate modes */
#define FALLOC_FL_KEEP_SIZE      0x01
#define FALLOC_FL_PUNCH_HOLE     0x02
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE     0x10
#define FALLOC_FL_INSERT_RANGE   0x20
#define FALLOC_FL_UNSHARE_RANGE  0x40
#define FALLOC_FL_WRITE_ZEROES   0x80

/* The path at upath copied into a new PATH_MAX_LEN buffer (to kfree), or
 * NULL and *err (-EFAULT, -ENAMETOOLONG, -ENOMEM): Linux's getname. */
char *getname(const char __user *upath, long *err);
/* The vnode the path at upath names under dirfd (flags as vfs_lookup's),
 * referenced: Linux's user_path_at. */
long user_path_at(int dirfd, const char __user *upath, int flags, struct vnode **out);
/* user_path_at for the *at calls' AT_ flags (AT_SYMLINK_NOFOLLOW, and
 * AT_EMPTY_PATH: an empty path names dirfd itself, or the cwd; a NULL
 * path is -EFAULT, as for Linux's getname). */
long user_path_at_empty(int dirfd, const char __user *upath, int at_flags, struct vnode **out);
/* What an empty path names with AT_EMPTY_PATH: dirfd's vnode, or the
 * cwd for AT_FDCWD, referenced. */
long empty_path_vnode(int dirfd, struct vnode **out);
/* The vnode behind fd (O_PATH ones too), referenced: 0, or -EBADF. */
long fd_vnode(int fd, struct vnode **out);

void file_get(struct file *f);
void file_put(struct file *f);
