/* The initramfs: the boot module's cpio archive unpacked into the root
 * file system, a writable tmpfs at "/". */
#pragma once
#include <stddef.h>

#define RAMFS_MAGIC 0x858458f6

/* Builds the tree from the archive and mounts it at "/". File data stays
 * in the archive until written (copy-on-write), which must therefore stay
 * mapped. A corrupt
 * archive keeps the entries before the damage, and says so in the log. */
void initramfs_init(const void *archive, size_t size);
/* Adds the directory /name when the archive lacks it: a mountpoint. */
int initramfs_add_dir(const char *name);
