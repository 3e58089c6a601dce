/* getdents64 for every file system: the directory supplies its entries one
 * by one; "." and ".." and the record format are done here. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "fs/path.h"
#include "fs/vfs.h"

struct dir_entry {
    char name[NAME_MAX_LEN + 1];   /* NUL-terminated */
    uint64_t ino;
    uint32_t mode;                 /* only the S_IFMT bits matter: d_type */
};

/* Fills *e with entry number i of the open directory f (not counting "."
 * and ".."): true, or false past the last one. */
typedef bool (*dir_entry_fn)(struct file *f, uint64_t i, struct dir_entry *e);

/* The getdents file operation over next(): position 0 is ".", 1 is "..",
 * 2 + i is entry i. Bytes written, 0 at the end, -EINVAL when the buffer
 * cannot hold the next record, -EFAULT. */
long dirent_fill(struct file *f, void __user *buf, size_t n, uint64_t *pos, dir_entry_fn next);
