/* memfd files live on a tmpfs of their own that is mounted nowhere (Linux's
 * shm_mnt), so they count against tmpfs's memory like /tmp's files and are
 * read, written, truncated and mapped by tmpfs's code. They have no
 * directory entry: nlink 0, and a name only for /proc/self/fd and maps. */
#include "fs/memfd.h"
#include "fs/tmpfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"

static struct vnode *memfd_root;

void memfd_init(void)
{
    if (!(memfd_root = tmpfs_new()))
        panic("memfd: out of memory");
}

int memfd_create_file(const char *name, struct file **out)
{
    /* Mode 0777, as Linux's (exec permission without MFD_NOEXEC_SEAL). */
    struct vnode *v = tmpfs_new_unlinked(memfd_root, 0777);
    if (!v)
        return -ENOMEM;
    char path[sizeof((struct file *)0)->path];
    ksnprintf(path, sizeof path, "/memfd:%s (deleted)", name);
    ksnprintf(v->name, sizeof v->name, "%s", path);    /* may be truncated, as v->name says */
    int r = vfs_open_vnode(v, O_RDWR, path, out);
    vnode_put(v);
    return r;
}
