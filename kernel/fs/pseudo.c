/* The vnodes of a pseudo file system are all made when it is built and
 * live as long as the kernel, so lookups need no lock. A regular file's
 * contents are generated into a buffer when it is opened: reads of one
 * open file see one consistent snapshot, as with Linux's seq_file. */
#include "fs/dirent.h"
#include "fs/pseudo.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

struct pseudo_node {
    const struct pseudo_entry *e;
    size_t nkids;
    struct vnode **kids;             /* directories: one per child entry */
};

static const struct vnode_ops pseudo_dir_vops, pseudo_vops;
static const struct file_ops pseudo_dir_fops, pseudo_file_fops;

static struct pseudo_node *pnode(struct vnode *v) { return v->priv; }

static void entry_name(const struct pseudo_entry *e, char *buf, size_t cap)
{
    if (e->name_fn) {
        e->name_fn(buf, cap);
    } else {
        size_t n = MIN(strlen(e->name), cap - 1);
        memcpy(buf, e->name, n);
        buf[n] = '\0';
    }
}

static bool present(struct vnode *kid)
{
    const struct pseudo_entry *e = pnode(kid)->e;
    return !e->present || e->present();
}

static int pseudo_lookup(struct vnode *dir, const char *name, size_t len, struct vnode **out)
{
    struct pseudo_node *n = pnode(dir);
    char kid[NAME_MAX_LEN + 1];
    for (size_t i = 0; i < n->nkids; i++) {
        if (!present(n->kids[i]))
            continue;
        entry_name(pnode(n->kids[i])->e, kid, sizeof kid);
        if (strlen(kid) == len && !memcmp(kid, name, len)) {
            *out = n->kids[i];
            vnode_get(*out);
            return 0;
        }
    }
    return n->e->dyn_lookup ? n->e->dyn_lookup(dir, name, len, out) : -ENOENT;
}

static long pseudo_readlink(struct vnode *v, char *buf, size_t cap)
{
    return pnode(v)->e->link(buf, cap);
}

static const struct vnode_ops pseudo_dir_vops = { .lookup = pseudo_lookup };
static const struct vnode_ops pseudo_vops = { .readlink = pseudo_readlink };

static bool pseudo_next(struct file *f, uint64_t i, struct dir_entry *e)
{
    struct pseudo_node *n = pnode(f->vnode);
    uint64_t shown = 0;              /* entry i is the i-th present child */
    for (size_t k = 0; k < n->nkids; k++) {
        struct vnode *kid = n->kids[k];
        if (!present(kid) || shown++ != i)
            continue;
        entry_name(pnode(kid)->e, e->name, sizeof e->name);
        e->ino = kid->ino;
        e->mode = kid->mode;
        return true;
    }
    return n->e->dyn_next && n->e->dyn_next(f->vnode, i - shown, e);
}

static long pseudo_getdents(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    return dirent_fill(f, buf, n, pos, pseudo_next);
}

static int pseudo_open(struct file *f)
{
    const struct pseudo_entry *e = pnode(f->vnode)->e;
    struct seqbuf *s = kzalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    if (e->show)
        e->show(s);
    else
        seq_puts(s, e->text);
    if (s->overflow) {
        seq_free(s);
        kfree(s);
        return -ENOMEM;
    }
    f->priv = s;
    return 0;
}

static long pseudo_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct seqbuf *s = f->priv;
    if (*pos >= s->len)
        return 0;
    n = MIN(n, s->len - *pos);
    if (copy_to_user(buf, s->buf + *pos, n))
        return -EFAULT;
    *pos += n;
    return (long)n;
}

/* Linux's answer for /proc files that take no input. */
static long pseudo_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return -EIO;
}

static void pseudo_close(struct file *f)
{
    seq_free(f->priv);
    kfree(f->priv);
}

static const struct file_ops pseudo_dir_fops = {
    .getdents = pseudo_getdents, .seekable = true,
};

static const struct file_ops pseudo_file_fops = {
    .open = pseudo_open, .read = pseudo_read, .write = pseudo_write, .close = pseudo_close,
    .seekable = true,
};

extern const struct pseudo_more *const __start_pseudo_entries[], *const __stop_pseudo_entries[];

static size_t count(const struct pseudo_entry *list)
{
    size_t n = 0;
    while (list && list[n].name)
        n++;
    return n;
}

static bool is_more_of(const struct pseudo_more *m, const struct pseudo_entry *dir)
{
    return dir->more && !strcmp(m->dir, dir->more);
}

/* The entries PSEUDO_ENTRY() added to dir. */
static size_t count_more(const struct pseudo_entry *dir)
{
    size_t n = 0;
    for (const struct pseudo_more *const *m = __start_pseudo_entries; m < __stop_pseudo_entries; m++)
        n += is_more_of(*m, dir);
    return n;
}

static struct vnode *build(struct mount *m, const struct pseudo_entry *e, uint64_t file_size);

/* Builds child c of directory v (node n) as its next kid. */
static bool add_kid(struct mount *m, struct vnode *v, struct pseudo_node *n,
                    const struct pseudo_entry *c, uint64_t file_size)
{
    struct vnode *kid = build(m, c, file_size);
    if (!kid)
        return false;
    vnode_set_parent(kid, v, c->name, strlen(c->name));
    if (S_ISDIR(c->mode))
        v->nlink++;
    n->kids[n->nkids++] = kid;
    return true;
}

/* The vnode for entry e and, for a directory, its subtree. */
static struct vnode *build(struct mount *m, const struct pseudo_entry *e, uint64_t file_size)
{
    uint32_t type = e->mode & S_IFMT;
    bool dir = type == S_IFDIR;
    const struct file_ops *fops = dir ? &pseudo_dir_fops : type == S_IFREG ? &pseudo_file_fops
                                                                           : e->fops;
    struct vnode *v = vnode_alloc(m, e->mode, dir ? &pseudo_dir_vops : &pseudo_vops, fops);
    struct pseudo_node *n = kzalloc(sizeof *n);
    size_t nkids = dir ? count(e->children) + count_more(e) : 0;
    struct vnode **kids = nkids ? kzalloc(nkids * sizeof *kids) : NULL;
    if (!v || !n || (nkids && !kids))
        return NULL;     /* at boot: the caller panics */
    n->e = e;
    n->kids = kids;
    v->priv = n;
    v->rdev = e->rdev;
    v->size = type == S_IFREG ? file_size : 0;
    v->nlink = dir ? 2 : 1;
    for (size_t i = 0; dir && e->children && e->children[i].name; i++)
        if (!add_kid(m, v, n, &e->children[i], file_size))
            return NULL;
    for (const struct pseudo_more *const *p = __start_pseudo_entries; dir && p < __stop_pseudo_entries; p++)
        if (is_more_of(*p, e) && !add_kid(m, v, n, (*p)->entry, file_size))
            return NULL;
    return v;
}

struct vnode *pseudo_new(const char *fstype, uint64_t magic, const struct pseudo_entry *root,
                         uint64_t file_size)
{
    struct mount *m = mount_new(fstype, magic, false);
    return m ? build(m, root, file_size) : NULL;
}
