/* devfs: the device files of /dev. */
#pragma once
#include "fs/pseudo.h"
#include "fs/vfs.h"

#define DEVFS_MAGIC 0x01021994       /* Linux's devtmpfs is a tmpfs */

/* A character device node, entry of a /dev directory; the device number
 * as dev_encode makes it for minors < 256. */
#define DEVFS_CHR(n, perm, ops, maj, min) \
    { .name = n, .mode = S_IFCHR | (perm), .fops = &(ops), .rdev = (maj) << 8 | (min) }
/* A driver's node in /dev (dir "/dev") or a directory of it
 * ("/dev/input", "/dev/eggos"), from the driver's own file:
 * DEVFS_NODE(fb0, "/dev", "fb0", 0660, fb_fops, 29, 0). */
#define DEVFS_NODE(id, dir, name, perm, ops, maj, min) \
    PSEUDO_ENTRY(id, dir, DEVFS_CHR(name, perm, ops, maj, min))

/* Builds /dev's tree: its root, on a new mount. */
struct vnode *devfs_new(void);
/* /dev/console's vnode (referenced), for the first program's fds 0-2. */
struct vnode *devfs_console(void);
/* /dev/eggos/<name>'s vnode (referenced), for the first program's fds 1
 * and 2; NULL when there is none. */
struct vnode *devfs_eggos(const char *name);
