/* The initramfs tree. It is built once at boot and never changes, so its
 * lookups and reads take no lock; names and data point into the archive. */
#include "fs/cpio.h"
#include "fs/dirent.h"
#include "fs/initramfs.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"

struct ramfs_dirent {
    struct ramfs_dirent *next;
    struct vnode *v;                 /* referenced */
    const char *name;                /* in the archive, not NUL-terminated */
    size_t len;
};

struct ramfs_dir {
    struct ramfs_dirent *head, *tail;  /* archive order */
};

static struct vnode *root;

static const struct vnode_ops ramfs_vops;
static const struct file_ops ramfs_file_fops, ramfs_dir_fops;

static struct ramfs_dir *dir_of(struct vnode *v) { return v->priv; }

static struct vnode *find(struct vnode *dir, const char *name, size_t len)
{
    for (struct ramfs_dirent *e = dir_of(dir)->head; e; e = e->next)
        if (e->len == len && !memcmp(e->name, name, len))
            return e->v;
    return NULL;
}

static int ramfs_lookup(struct vnode *dir, const char *name, size_t len, struct vnode **out)
{
    struct vnode *v = find(dir, name, len);
    if (!v)
        return -ENOENT;
    vnode_get(v);
    *out = v;
    return 0;
}

static long ramfs_readlink(struct vnode *v, char *buf, size_t cap)
{
    size_t n = MIN(v->size, cap);
    memcpy(buf, v->priv, n);
    return (long)n;
}

static int ramfs_read_page(struct vnode *v, uint64_t off, void *dst)
{
    size_t n = off < v->size ? MIN(v->size - off, PAGE_SIZE) : 0;
    memcpy(dst, (const char *)v->priv + off, n);
    memset((char *)dst + n, 0, PAGE_SIZE - n);
    return 0;
}

static const void *ramfs_direct(struct vnode *v) { return v->priv; }

/* A whole page of the file that lies page-aligned in the archive is mapped
 * where it is (egg aligns the data of large files); any other page is
 * copied by read_page: 0. The frames belong to the boot module, not to the
 * page allocator, so they carry no reference. */
static uint64_t ramfs_share_page(struct vnode *v, uint64_t off, bool fill)
{
    (void)fill;                       /* nothing here is a hole */
    /* off may be anything a mapping asked for: compared, never added to. */
    if (off >= v->size || v->size - off < PAGE_SIZE)
        return 0;
    const char *p = (const char *)v->priv + off;
    if ((uint64_t)p & (PAGE_SIZE - 1))
        return 0;
    return virt_to_phys(p);
}

static const struct vnode_ops ramfs_vops = {
    .lookup = ramfs_lookup, .readlink = ramfs_readlink,
    .read_page = ramfs_read_page, .direct = ramfs_direct,
};

/* Directories have no readlink, files no lookup. */
static const struct vnode_ops ramfs_file_vops = {
    .readlink = ramfs_readlink, .read_page = ramfs_read_page, .direct = ramfs_direct,
    .share_page = ramfs_share_page,
};

static long ramfs_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct vnode *v = f->vnode;
    if (*pos >= v->size)
        return 0;
    n = MIN(n, v->size - *pos);
    if (copy_to_user(buf, (const char *)v->priv + *pos, n))
        return -EFAULT;
    *pos += n;
    return (long)n;
}

static bool ramfs_next(struct file *f, uint64_t i, struct dir_entry *e)
{
    struct ramfs_dirent *d = dir_of(f->vnode)->head;
    while (d && i--)
        d = d->next;
    if (!d)
        return false;
    memcpy(e->name, d->name, d->len);
    e->name[d->len] = '\0';
    e->ino = d->v->ino;
    e->mode = d->v->mode;
    return true;
}

static long ramfs_getdents(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    return dirent_fill(f, buf, n, pos, ramfs_next);
}

static const struct file_ops ramfs_file_fops = {
    .read = ramfs_read, .seekable = true,
};

static const struct file_ops ramfs_dir_fops = {
    .getdents = ramfs_getdents, .seekable = true,
};

static struct vnode *new_vnode(struct mount *mnt, uint32_t mode)
{
    bool dir = S_ISDIR(mode);
    struct vnode *v = vnode_alloc(mnt, mode, dir ? &ramfs_vops : &ramfs_file_vops,
                                  dir ? &ramfs_dir_fops : S_ISREG(mode) ? &ramfs_file_fops : NULL);
    if (v && dir && !(v->priv = kzalloc(sizeof(struct ramfs_dir)))) {
        vnode_put(v);
        return NULL;
    }
    if (v && dir)
        v->nlink = 2;
    return v;
}

/* Enters v as name (in the archive) in dir. */
static int link_in(struct vnode *dir, struct vnode *v, const char *name, size_t len)
{
    struct ramfs_dirent *e = kzalloc(sizeof *e);
    if (!e)
        return -ENOMEM;
    e->v = v;
    e->name = name;
    e->len = len;
    struct ramfs_dir *d = dir_of(dir);
    if (d->tail)
        d->tail->next = e;
    else
        d->head = e;
    d->tail = e;
    vnode_set_parent(v, dir, name, len);
    if (S_ISDIR(v->mode))
        dir->nlink++;
    return 0;
}

/* The directory `name` in dir, created when missing: NULL when out of
 * memory or when a non-directory has that name. */
static struct vnode *subdir(struct vnode *dir, const char *name, size_t len)
{
    struct vnode *v = find(dir, name, len);
    if (v)
        return S_ISDIR(v->mode) ? v : NULL;
    v = new_vnode(dir->mnt, S_IFDIR | 0755);
    if (v && link_in(dir, v, name, len) < 0) {
        vnode_put(v);
        v = NULL;
    }
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

/* A file, directory or symlink of the archive. Intermediate directories
 * the archive lacks are made; "./" and "/" in front of names are dropped. */
static int add_entry(void *ctx, const struct cpio_entry *e)
{
    const char *name = e->name, *end = e->name + e->namelen;
    uint32_t type = e->mode & S_IFMT;
    struct vnode *dir = root;
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
        if (!(dir = subdir(dir, name, len))) {
            klog("initramfs: cannot add %s", e->name);
            return 0;
        }
        name = slash + 1;
    }
    size_t len = (size_t)(end - name);
    struct vnode *v = find(dir, name, len);
    if (v && (v->mode & S_IFMT) != type) {
        klog("initramfs: %s appears twice with different types", e->name);
        return 0;
    }
    if (!v) {
        v = new_vnode(dir->mnt, type);
        if (!v || link_in(dir, v, name, len) < 0) {
            if (v)
                vnode_put(v);
            return -ENOMEM;
        }
    }
    set_attrs(v, e);
    if (type != S_IFDIR) {
        v->priv = (void *)e->data;
        v->size = e->size;
    }
    return 0;
}

void initramfs_init(const void *archive, size_t size)
{
    struct mount *m = mount_new("rootfs", RAMFS_MAGIC, true);
    root = m ? new_vnode(m, S_IFDIR | 0755) : NULL;
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
    return subdir(root, name, strlen(name)) ? 0 : -ENOMEM;
}
