/* The file systems a program sees, mounted at boot. */
#include "fs/fs_init.h"
#include "arch/x86_64/boot.h"
#include "fs/anon.h"
#include "fs/devfs.h"
#include "fs/fdtable.h"
#include "fs/initramfs.h"
#include "fs/memfd.h"
#include "fs/pipe.h"
#include "fs/procfs.h"
#include "fs/sysfs.h"
#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

/* Mounts on a top-level directory, made in the initramfs if the archive
 * lacks it. */
static void mount_top(const char *path, struct vnode *root)
{
    if (initramfs_add_dir(path + 1) || !root || vfs_mount(path, root))
        panic("cannot mount %s", path);
}

void fs_init(const void *initrd, size_t len)
{
    initramfs_init(initrd, len);
    pipe_init();
    anon_init();
    memfd_init();
    mount_top("/tmp", tmpfs_new());
    mount_top("/dev", devfs_new());
    mount_top("/proc", procfs_new());
    mount_top("/sys", sysfs_new());
    struct vnode *shm = tmpfs_new();
    if (!shm || vfs_mount("/dev/shm", shm))
        panic("cannot mount /dev/shm");
}

/* Installs f on fd of t (which must be free) for fds first..last,
 * taking a reference for each. */
static int install_at(struct fdtable *t, struct file *f, int first, int last)
{
    int r = 0;
    for (int fd = first; fd <= last && r == 0; fd++) {
        file_get(f);
        int got = fd_install(t, f, fd, false);
        if (got < 0)
            file_put(f);
        else if (got != fd)
            fd_close(t, got);   /* fd was taken already */
        r = got == fd ? 0 : got < 0 ? got : -EBADF;
    }
    return r;
}

/* Opens vn (the reference is the call's; NULL fails) at path with flags
 * on fds first..last. */
static int open_on(struct fdtable *t, struct vnode *vn, const char *path, int flags, int first, int last)
{
    if (!vn)
        return -ENODEV;
    struct file *f;
    int r = vfs_open_vnode(vn, flags, path, &f);
    vnode_put(vn);
    if (r)
        return r;
    r = install_at(t, f, first, last);
    file_put(f);
    return r;
}

bool fs_stream_piped(const char *name)
{
    const char *v = cmdline_get(name);
    return v && strcmp(v, "pipe") == 0;
}

/* The terminal on fds 0, 1 and 2, as Linux gives init, except where egg's
 * stdin, stdout or stderr is not a terminal: fd 0 is then the pipe's
 * bytes (fs/indev.c), fd 1 or 2 a plain output device (fs/outdev.c), as
 * a program on Linux finds a pipe or a file. On a terminal, fd 2 is its
 * own open file of the terminal whose writes egg copies to its stderr
 * (/dev/eggos/ttyerr), apart from its stdout; fds 0 and 1 share one open
 * file when both are the terminal: a flag set with fcntl on one shows on
 * the other. */
int fs_open_console(struct fdtable *t)
{
    bool in_piped = fs_stream_piped("stdin"), out_piped = fs_stream_piped("stdout");
    int r = 0;
    if (in_piped)
        r = open_on(t, devfs_eggos("stdin"), "/dev/eggos/stdin", O_RDONLY, 0, 0);
    if (r == 0 && !(in_piped && out_piped))
        r = open_on(t, devfs_console(), "/dev/console", O_RDWR, in_piped ? 1 : 0, out_piped ? 0 : 1);
    if (r == 0 && out_piped)
        r = open_on(t, devfs_eggos("stdout"), "/dev/eggos/stdout", O_WRONLY, 1, 1);
    if (r == 0)
        r = fs_stream_piped("stderr") ? open_on(t, devfs_eggos("stderr"), "/dev/eggos/stderr", O_WRONLY, 2, 2)
                            : open_on(t, devfs_eggos("ttyerr"), "/dev/eggos/ttyerr", O_RDWR, 2, 2);
    return r;
}
