/* What the VFS tells inotify, at the places that change things (namei.c,
 * open.c, the read and write calls), once for every file system: Linux's
 * include/linux/fsnotify.h (fsnotify_change, for a file and its directory,
 * is inotify.c's). Only the watches of the vnodes named hear it; a vnode
 * without watches costs one load. */
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

/* v lost a name (unlink, renamed over): its link count changed, and it
 * is gone when that was its last one and no file has it open (else at
 * the last close, fs/open.c). rmdir says only the latter. */
static inline void fsnotify_unlinked(struct vnode *v, bool link_count)
{
    if (link_count)
        fsnotify(v, IN_ATTRIB, NULL, 0);
    if (v->nlink == 0 && __atomic_load_n(&v->opens, __ATOMIC_ACQUIRE) == 0)
        fsnotify(v, IN_DELETE_SELF, NULL, 0);
}
