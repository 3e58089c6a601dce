/* devfs: the device files of /dev. */
#pragma once
#include "fs/vfs.h"

#define DEVFS_MAGIC 0x01021994       /* Linux's devtmpfs is a tmpfs */

/* Builds /dev's tree: its root, on a new mount. */
struct vnode *devfs_new(void);
/* /dev/console's vnode (referenced), for the first program's fds 0-2. */
struct vnode *devfs_console(void);
/* /dev/eggos/stderr's vnode (referenced): the console whose writes go to
 * egg's stderr, for the first program's fd 2. */
struct vnode *devfs_console_err(void);
