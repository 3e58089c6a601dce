/* The file systems a program sees, mounted at boot. */
#include "fs/fs_init.h"
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

/* One open file on fds 0, 1 and 2, as Linux gives init: a flag set with
 * fcntl on one shows on all. */
int fs_open_console(struct fdtable *t)
{
    struct vnode *console = devfs_console();
    struct file *f;
    int r = vfs_open_vnode(console, O_RDWR, "/dev/console", &f);
    vnode_put(console);
    if (r)
        return r;
    for (int fd = 0; fd < 3 && r == 0; fd++) {
        file_get(f);
        int got = fd_install(t, f, fd, false);
        if (got < 0)
            file_put(f);
        else if (got != fd)
            fd_close(t, got);   /* fd was taken already */
        r = got == fd ? 0 : got < 0 ? got : -EBADF;
    }
    file_put(f);
    return r;
}
