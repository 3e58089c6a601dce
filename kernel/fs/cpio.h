/* Parser of cpio "newc" archives (the initramfs). Pure: no allocation,
 * entries point into the archive (zero-copy). */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
    const char *name;      /* NUL-terminated, inside the archive, no leading "./" or "/" stripped */
    size_t namelen;        /* without the NUL */
    uint32_t ino, mode, uid, gid, nlink;
    uint64_t mtime;
    uint32_t devmajor, devminor, rdevmajor, rdevminor;
    const void *data;      /* file contents (or symlink target, not NUL-terminated) */
    size_t size;
};

/* Walks the archive: calls cb once per entry, in order, up to the
 * "TRAILER!!!" entry (not reported). Stops early when cb returns non-zero
 * and returns that value. Returns -EINVAL if the archive is corrupt or
 * truncated (bad magic, non-hex field, name without NUL, data past the end,
 * missing trailer); entries before the corrupt one have been reported. */
int cpio_parse(const void *archive, size_t size,
               int (*cb)(void *ctx, const struct cpio_entry *e), void *ctx);
