/* Path resolution. The part of the path still to walk lives at the end of
 * one PATH_MAX_LEN buffer; a symlink's target is read into the free space
 * before it and moved to join the rest, so links nest without recursion.
 * (A target plus the rest of the path must thus fit in PATH_MAX_LEN - 1
 * bytes, where Linux would nest; paths that long do not occur in practice.) */
#include <stdbool.h>
#include "fs/path.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/string.h"

struct walk {
    const struct path_ops *ops;
    void *ctx;
    void *root;
    void *cur;       /* referenced */
    char *buf;       /* PATH_MAX_LEN bytes; the rest of the path is buf[pos..] */
    size_t pos;
    int links;       /* symlinks followed so far */
};

#define BUF_END PATH_MAX_LEN

static void set_cur(struct walk *w, void *node)
{
    w->ops->put(w->ctx, w->cur);
    w->cur = node;
}

static void skip_slashes(struct walk *w)
{
    while (w->pos < BUF_END && w->buf[w->pos] == '/')
        w->pos++;
}

/* Replaces the followed symlink `link` by its target in front of the rest of
 * the path, joined by a '/' if one followed the link's name (so "link/" asks
 * for a directory just as "target/" does); an absolute target restarts at
 * the root. */
static int follow(struct walk *w, void *link, bool slash)
{
    if (++w->links > SYMLOOP_MAX)
        return -ELOOP;
    size_t cap = w->pos - slash;
    long n = w->ops->readlink(w->ctx, link, w->buf, cap);
    if (n < 0)
        return (int)n;
    if ((size_t)n >= cap)   /* maybe cut short; at least no room to spare */
        return -ENAMETOOLONG;
    if (n == 0)
        return -ENOENT;
    if (slash)
        w->buf[--w->pos] = '/';
    w->pos -= n;
    memmove(w->buf + w->pos, w->buf, n);
    if (w->buf[w->pos] == '/') {
        w->ops->get(w->ctx, w->root);
        set_cur(w, w->root);
    }
    return 0;
}

/* Steps from the directory w->cur into the component name[0..len). */
static int step(struct walk *w, const char *name, size_t len, bool follow_link,
                bool slash)
{
    void *next;
    if (len == 1 && name[0] == '.')
        return 0;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        /* Never above the root, which may not be the file system's. */
        if (w->cur != w->root)
            set_cur(w, w->ops->parent(w->ctx, w->cur));
        return 0;
    }
    int r = w->ops->lookup(w->ctx, w->cur, name, len, &next);
    if (r < 0)
        return r;
    if (follow_link && w->ops->kind(w->ctx, next) == PATH_KIND_SYMLINK) {
        r = follow(w, next, slash);
        w->ops->put(w->ctx, next);
        return r;
    }
    set_cur(w, next);
    return 0;
}

/* Walks w->buf[w->pos..]; on success w->cur is the result. */
static int walk(struct walk *w, int flags, struct walk_result *res)
{
    for (;;) {
        skip_slashes(w);   /* leading ones: the root was chosen already */
        if (w->pos == BUF_END)   /* "/" alone, or a link to "/" */
            return 0;
        if (w->ops->kind(w->ctx, w->cur) != PATH_KIND_DIR)
            return -ENOTDIR;

        const char *name = w->buf + w->pos;
        size_t len = 0;
        while (w->pos < BUF_END && w->buf[w->pos] != '/') {
            w->pos++;
            len++;
        }
        if (len > NAME_MAX_LEN)
            return -ENAMETOOLONG;
        bool slash = w->pos < BUF_END;
        skip_slashes(w);
        bool last = w->pos == BUF_END;
        if (last && (flags & WALK_PARENT)) {
            memcpy(res->last, name, len);
            res->last[len] = '\0';
            return 0;
        }
        int r = step(w, name, len, !last || slash || !(flags & WALK_NOFOLLOW), slash);
        if (r < 0)
            return r;
        if (w->pos == BUF_END) {   /* done, unless a link's target was put in front */
            if (slash && w->ops->kind(w->ctx, w->cur) != PATH_KIND_DIR)
                return -ENOTDIR;
            return 0;
        }
    }
}

int path_walk(const struct path_ops *ops, void *ctx, void *root, void *cwd,
              const char *path, int flags, struct walk_result *res)
{
    size_t len = strnlen(path, PATH_MAX_LEN);
    if (len == 0)
        return -ENOENT;
    if (len == PATH_MAX_LEN)
        return -ENAMETOOLONG;
    res->last[0] = '\0';
    res->trailing_slash = path[len - 1] == '/';

    struct walk w = { .ops = ops, .ctx = ctx, .root = root,
                      .cur = path[0] == '/' ? root : cwd,
                      .buf = kmalloc(PATH_MAX_LEN), .pos = BUF_END - len };
    if (!w.buf)
        return -ENOMEM;
    memcpy(w.buf + w.pos, path, len);
    ops->get(ctx, w.cur);

    int r = walk(&w, flags, res);
    kfree(w.buf);
    if (r < 0) {
        ops->put(ctx, w.cur);
        return r;
    }
    res->node = w.cur;
    return 0;
}
