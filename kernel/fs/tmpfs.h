/* tmpfs: files in memory, at /tmp. */
#pragma once
#include <stdint.h>
#include "fs/vfs.h"

#define TMPFS_MAGIC 0x01021994

/* A new, empty tmpfs: its root directory (mode 1777), on a new mount. */
struct vnode *tmpfs_new(void);
/* The pages all tmpfs instances may hold (half of RAM, as Linux's
 * default size=50%) and hold now: for statfs. */
void tmpfs_usage(uint64_t *limit_pages, uint64_t *used_pages);
