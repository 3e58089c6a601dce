/* Anonymous files. Linux shares one inode among them all; each gets its
 * own vnode here, which carries its name for vfs_path. */
#include "fs/anon.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"

#define ANON_INODE_FS_MAGIC 0x09041934

static struct mount *anon_mnt;

void anon_init(void)
{
    if (!(anon_mnt = mount_new("anon_inodefs", ANON_INODE_FS_MAGIC, false)))
        panic("anon: out of memory");
}

static const struct vnode_ops anon_vops;

int anon_file_new(const char *name, const struct file_ops *fops, void *priv, int flags,
                  struct file **out)
{
    /* No file type bits: Linux shows anonymous inodes as mode 0600. */
    struct vnode *v = vnode_alloc(anon_mnt, 0600, &anon_vops, fops);
    if (!v)
        return -ENOMEM;
    ksnprintf(v->name, sizeof v->name, "anon_inode:%s", name);
    int r = vfs_open_vnode(v, O_RDWR | (flags & O_NONBLOCK), v->name, out);
    vnode_put(v);
    if (r == 0) {
        (*out)->flags &= ~O_LARGEFILE;     /* not opened by path: no forced O_LARGEFILE */
        (*out)->priv = priv;
    }
    return r;
}
