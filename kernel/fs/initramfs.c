/* The initramfs: the boot archive unpacked into the root file system, a
 * tmpfs, as Linux unpacks its initramfs into rootfs. Every directory and
 * file of the image may then be written, renamed and removed as on any
 * Linux root, while the files' bytes stay in the archive until written
 * (fs/tmpfs.c: "lower"), so an image costs only its names and vnodes.
 *
 * Why not an overlay of a tmpfs upper over a read-only lower tree, as
 * overlayfs: that needs copy-up of every kind of change, whiteouts,
 * merged readdir, and inode numbers and inotify watches kept across the
 * copy-up, and it cannot rename a directory of the lower tree (EXDEV)
 * where ext4 can. Here each file is one vnode from boot on, so st_ino,
 * watches, hard links and directory renames are tmpfs's own; only file
 * data is copy-on-write, page by page. */
#include "fs/cpio.h"
#include "fs/initramfs.h"
#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

static struct vnode *root;

/* The entry name in dir, referenced, or NULL. */
static struct vnode *find(struct vnode *dir, const char *name, size_t len)
{
    struct vnode *v;
    return dir->ops->lookup(dir, name, len, &v) ? NULL : v;
}

/* The directory `name` in dir, created when missing, referenced: NULL
 * when out of memory or when a non-directory has that name. */
static struct vnode *subdir(struct vnode *dir, const char *name, size_t len)
{
    struct vnode *v = find(dir, name, len);
    if (v && !S_ISDIR(v->mode)) {
        vnode_put(v);
        return NULL;
    }
    if (!v)
        tmpfs_add_archived(dir, name, len, S_IFDIR | 0755, NULL, 0, &v);
    return v;
}

static void set_attrs(struct vnode *v, const struct cpio_entry *e)
{
    v->mode = e->mode;
    v->uid = e->uid;
    v->gid = e->gid;
    v->mtime.tv_sec = (int64_t)e->mtime;
    v->mtime.tv_nsec = 0;
    v->atime = v->mtime;
}

/* Names no walk could reach: "", ".", "..", or longer than NAME_MAX. */
static bool bad_component(const char *name, size_t len)
{
    return len == 0 || len > NAME_MAX_LEN ||
           (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

static bool known_type(uint32_t type)
{
    return type == S_IFDIR || type == S_IFREG || type == S_IFLNK;
}

/* Enters e under *dir, whose path from there is [name, end); *dir steps
 * down (referenced) through the intermediate directories. */
static int add_in(struct vnode **dir, const char *name, const char *end, const struct cpio_entry *e)
{
    uint32_t type = e->mode & S_IFMT;
    for (;;) {
        const char *slash = strchr(name, '/');   /* names end in NUL */
        if (slash && slash >= end)
            slash = NULL;
        size_t len = slash ? (size_t)(slash - name) : (size_t)(end - name);
        if (bad_component(name, len) || (!slash && !known_type(type))) {
            klog("initramfs: skipping %s", e->name);
            return 0;
        }
        if (!slash)
            break;
        struct vnode *sub = subdir(*dir, name, len);
        if (!sub) {
            klog("initramfs: cannot add %s", e->name);
            return 0;
        }
        vnode_put(*dir);
        *dir = sub;
        name = slash + 1;
    }
    size_t len = (size_t)(end - name);
    struct vnode *v = find(*dir, name, len);
    if (v && (v->mode & S_IFMT) != type) {
        klog("initramfs: %s appears twice with different types", e->name);
        vnode_put(v);
        return 0;
    }
    if (v && type == S_IFREG)
        tmpfs_set_archived(v, e->data, e->size);
    if (v && type == S_IFLNK) {       /* a symlink's target is copied: a new one */
        vnode_put(v);
        (*dir)->ops->unlink(*dir, name, len, false);
        v = NULL;
    }
    if (!v && tmpfs_add_archived(*dir, name, len, e->mode, e->data, e->size, &v))
        return -ENOMEM;
    set_attrs(v, e);
    vnode_put(v);
    return 0;
}

/* A file, directory or symlink of the archive. Intermediate directories
 * the archive lacks are made; "./" and "/" in front of names are dropped.
 * A name the archive repeats takes the later entry's contents. */
static int add_entry(void *ctx, const struct cpio_entry *e)
{
    const char *name = e->name, *end = e->name + e->namelen;
    uint32_t type = e->mode & S_IFMT;
    for (;;) {
        while (name < end && *name == '/')
            name++;
        if (end - name >= 2 && name[0] == '.' && name[1] == '/')
            name += 2;
        else if (end - name == 1 && name[0] == '.')
            name++;
        else
            break;
    }
    while (end > name && end[-1] == '/')   /* "dir/" names dir */
        end--;
    if (name == end) {             /* "." is the root */
        if (type == S_IFDIR)
            set_attrs(root, e);
        return 0;
    }
    struct vnode *dir = root;
    vnode_get(dir);
    int r = add_in(&dir, name, end, e);
    vnode_put(dir);
    return r;
}

void initramfs_init(const void *archive, size_t size)
{
    root = tmpfs_new_fs("rootfs", 0755);
    if (!root)
        panic("initramfs: out of memory");
    int r = cpio_parse(archive, size, add_entry, NULL);
    if (r == -ENOMEM)
        panic("initramfs: out of memory");
    if (r < 0)
        klog("initramfs: the archive is corrupt; the files before the damage are there");
    vfs_mount("/", root);
}

int initramfs_add_dir(const char *name)
{
    struct vnode *v = subdir(root, name, strlen(name));
    if (v)
        vnode_put(v);
    return v ? 0 : -ENOMEM;
}
