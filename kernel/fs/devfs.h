/* devfs: the device files of /dev. */
#pragma once
#include "fs/vfs.h"

#define DEVFS_MAGIC 0x01021994       /* Linux's devtmpfs is a tmpfs */

/* Builds /dev's tree: its root, on a new mount. */
struct vnode *devfs_new(void);
/* /dev/console's vnode (referenced), for the first program's fds 0-2. */
struct vnode *devfs_console(void);
/* /dev/eggos/<name>'s vnode (referenced), for the first program's fds 1
 * and 2; NULL when there is none. */
struct vnode *devfs_eggos(const char *name);
