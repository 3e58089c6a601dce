/* tmpfs: files in memory, at /tmp. */
#pragma once
#include <stdint.h>
#include "fs/vfs.h"

#define TMPFS_MAGIC 0x01021994

/* A new, empty tmpfs: its root directory (mode 1777), on a new mount. */
struct vnode *tmpfs_new(void);
/* A new, empty tmpfs on a new mount of type fstype ("rootfs"), its root
 * directory's permissions mode. */
struct vnode *tmpfs_new_fs(const char *fstype, uint32_t mode);
/* Enters name in dir for an entry of the boot archive (fs/initramfs.c):
 * a directory, a symlink to data (copied), or a regular file whose bytes
 * are data, left in the archive (which stays mapped for good) until
 * written. The vnode (referenced) in *out, or NULL and -EEXIST, -ENOSPC. */
int tmpfs_add_archived(struct vnode *dir, const char *name, size_t len, uint32_t mode,
                       const char *data, uint64_t size, struct vnode **out);
/* Makes data the bytes of such a regular file, never written yet (the
 * archive names it again). */
void tmpfs_set_archived(struct vnode *v, const char *data, uint64_t size);
/* A regular file (permissions mode) on root's tmpfs, in no directory
 * (nlink 0): memfd_create's. NULL when out of memory. */
struct vnode *tmpfs_new_unlinked(struct vnode *root, uint32_t mode);
/* The pages all tmpfs instances may hold (half of RAM, as Linux's
 * default size=50%) and hold now: for statfs. */
void tmpfs_usage(uint64_t *limit_pages, uint64_t *used_pages);
