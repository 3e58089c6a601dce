/* sysfs: the few /sys files glibc and HotSpot read. */
#pragma once
#include "fs/vfs.h"

#define SYSFS_MAGIC 0x62656572

/* Builds /sys: its root, on a new mount. */
struct vnode *sysfs_new(void);
