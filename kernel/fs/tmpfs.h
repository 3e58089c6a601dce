/* tmpfs: files in memory, at /tmp. */
#pragma once
#include <stdint.h>
#include "fs/vfs.h"

#define TMPFS_MAGIC 0x01021994

/* A new, empty tmpfs: its root directory (mode 1777), on a new mount. */
struct vnode *tmpfs_new(void);
/* A regular file (permissions mode) on root's tmpfs, in no directory
 * (nlink 0): memfd_create's. NULL when out of memory. */
struct vnode *tmpfs_new_unlinked(struct vnode *root, uint32_t mode);
/* The pages all tmpfs instances may hold (half of RAM, as Linux's
 * default size=50%) and hold now: for statfs. */
void tmpfs_usage(uint64_t *limit_pages, uint64_t *used_pages);
