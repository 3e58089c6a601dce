/* struct linux_dirent64 records, as Linux's getdents64 writes them. */
#include <stddef.h>
#include "fs/dirent.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;             /* position of the next record */
    uint16_t d_reclen;
    uint8_t d_type;            /* DT_*: the S_IFMT bits shifted down */
    char d_name[];
};

/* One record at buf+*used: 1, 0 when it does not fit, or -EFAULT. */
static int emit(void __user *buf, size_t n, size_t *used, const struct dir_entry *e,
                uint64_t next)
{
    size_t len = strlen(e->name);
    size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
    if (*used + reclen > n)
        return 0;
    union {
        struct linux_dirent64 d;
        char bytes[ALIGN_UP(offsetof(struct linux_dirent64, d_name) + NAME_MAX_LEN + 1, 8)];
    } rec;
    memset(&rec, 0, reclen);
    rec.d.d_ino = e->ino;
    rec.d.d_off = (int64_t)next;
    rec.d.d_reclen = (uint16_t)reclen;
    rec.d.d_type = (uint8_t)((e->mode & S_IFMT) >> 12);
    memcpy(rec.d.d_name, e->name, len);
    if (copy_to_user((char *)buf + *used, &rec, reclen))
        return -EFAULT;
    *used += reclen;
    return 1;
}

/* "." and ".." (a mount's root is its own parent here, as on Linux). */
static void dot_entry(struct file *f, uint64_t pos, struct dir_entry *e)
{
    e->name[0] = '.';
    e->name[1] = pos ? '.' : '\0';
    e->name[2] = '\0';
    e->ino = pos ? vnode_parent_ino(f->vnode) : f->vnode->ino;
    e->mode = S_IFDIR;
}

long dirent_fill(struct file *f, void __user *buf, size_t n, uint64_t *pos, dir_entry_fn next)
{
    struct dir_entry e;
    size_t used = 0;
    for (;;) {
        if (*pos < 2)
            dot_entry(f, *pos, &e);
        else if (!next(f, *pos - 2, &e))
            break;
        int r = emit(buf, n, &used, &e, *pos + 1);
        if (r < 0)
            return r;
        if (r == 0)
            return used ? (long)used : -EINVAL;
        (*pos)++;
    }
    return (long)used;
}
