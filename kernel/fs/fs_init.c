/* The file systems a program sees, mounted at boot. */
#include "fs/fs_init.h"
#include "fs/devfs.h"
#include "fs/fdtable.h"
#include "fs/initramfs.h"
#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"

static void mount_or_panic(const char *path, struct vnode *root)
{
    if (initramfs_add_dir(path + 1) || !root || vfs_mount(path, root))
        panic("cannot mount %s", path);
}

void fs_init(const void *initrd, size_t len)
{
    initramfs_init(initrd, len);
    mount_or_panic("/tmp", tmpfs_new());
    mount_or_panic("/dev", devfs_new());
}

int fs_open_console(struct fdtable *t)
{
    for (int fd = 0; fd < 3; fd++) {
        struct file *f;
        int r = vfs_open(AT_FDCWD, "/dev/console", O_RDWR, 0, &f);
        if (r)
            return r;
        if ((r = fd_install(t, f, fd, false)) != fd)
            return r < 0 ? r : -EBADF;
    }
    return 0;
}
