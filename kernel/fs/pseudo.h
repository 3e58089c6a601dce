/* File systems whose tree is fixed and whose files are made up on the
 * spot: devfs, procfs and sysfs. Each describes its tree as static
 * entries; this builds the vnodes and serves them. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "fs/dirent.h"
#include "fs/seqbuf.h"
#include "fs/vfs.h"

struct pseudo_entry {
    const char *name;                        /* NULL ends a list of children */
    uint32_t mode;                           /* S_IF* | permissions */
    const struct pseudo_entry *children;     /* directories */
    /* An entry whose name changes (/proc/<pid>): the name now. */
    void (*name_fn)(char *buf, size_t cap);
    /* Regular files: contents generated at each open, or fixed text. */
    void (*show)(struct seqbuf *s);
    const char *text;
    /* Symlinks: writes the target into buf (at most cap bytes): its length. */
    long (*link)(char *buf, size_t cap);
    /* Entries that exist only sometimes (/sys/class/graphics/fb0 when
     * there is a screen): whether it is there now; NULL means always. */
    bool (*present)(void);
    /* Character devices: what open installs, and the device number. */
    const struct file_ops *fops;
    uint64_t rdev;
    /* Directories whose entries come and go (/proc/self/fd), after the
     * fixed children: lookup (a new vnode on dir->mnt, referenced, or
     * -ENOENT), and entry number i. */
    int (*dyn_lookup)(struct vnode *dir, const char *name, size_t len, struct vnode **out);
    bool (*dyn_next)(struct vnode *dir, uint64_t i, struct dir_entry *e);
    /* Directories other layers add entries to (a driver's /dev node,
     * net's /proc/net files): the name their PSEUDO_ENTRY() gives, its
     * path by convention ("/dev/input"). Their entries follow the fixed
     * children. */
    const char *more;
};

/* An entry added to the directory whose `more` is dir. */
struct pseudo_more {
    const char *dir;
    const struct pseudo_entry *entry;
};

/* Adds entry (a struct pseudo_entry initializer) to directory dir of a
 * pseudo file system, from the file that serves it: a link-time section,
 * like SYSCALL() and DRIVER(), so adding one touches no central list.
 * id names the registration, unique in its file. */
#define PSEUDO_ENTRY(id, dir_, ...)                                               \
    static const struct pseudo_entry __pseudo_entry_##id = __VA_ARGS__;           \
    static const struct pseudo_more __pseudo_more_##id = { dir_, &__pseudo_entry_##id }; \
    static const struct pseudo_more *const __pseudo_more_ptr_##id                   \
        __attribute__((used, section(".pseudo_entries"), aligned(8))) = &__pseudo_more_##id

/* Builds a file system from the tree under root (a directory entry), on a
 * new mount: its root vnode. Regular files report st_size file_size (0 as
 * /proc's, 4096 as /sys's). NULL when out of memory. */
struct vnode *pseudo_new(const char *fstype, uint64_t magic, const struct pseudo_entry *root,
                         uint64_t file_size);
