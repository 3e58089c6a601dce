/* What the VFS tells inotify, at the places that change things (namei.c,
 * open.c, the read and write calls), once for every file system: Linux's
 * include/linux/fsnotify.h. Only the watches of the vnodes named hear it;
 * a vnode without watches costs one load. */
#pragma once
#include "fs/inotify.h"

static inline uint32_t fsnotify_isdir(struct vnode *v)
{
    return S_ISDIR(v->mode) ? IN_ISDIR : 0;
}

/* A name in dir came or went (IN_CREATE, IN_DELETE, IN_MOVED_*) for
 * child, a directory or not. */
static inline void fsnotify_name(struct vnode *dir, const char *name, struct vnode *child,
                                 uint32_t mask, uint32_t cookie)
{
    fsnotify(dir, mask | fsnotify_isdir(child), name, cookie);
}

/* Something happened to v's contents or attributes (IN_ACCESS,
 * IN_MODIFY, IN_ATTRIB, IN_OPEN, IN_CLOSE_*): its directory's watches
 * hear it under its name first, then its own, as Linux queues them. */
static inline void fsnotify_change(struct vnode *v, uint32_t mask)
{
    mask |= fsnotify_isdir(v);
    if (v->parent)
        fsnotify(v->parent, mask, v->name, 0);
    fsnotify(v, mask, NULL, 0);
}

/* v lost a name (unlink, renamed over): its link count changed, and it
 * is gone when that was its last one (rmdir says only the latter). */
static inline void fsnotify_unlinked(struct vnode *v, bool link_count)
{
    if (link_count)
        fsnotify(v, IN_ATTRIB, NULL, 0);
    if (v->nlink == 0)
        fsnotify(v, IN_DELETE_SELF, NULL, 0);
}
