/* inotify: watches on files and directories, and the events the VFS
 * reports on them (fs/fsnotify.h), read from an inotify file as Linux's
 * struct inotify_event records. */
#pragma once
#include <stdint.h>
#include "fs/vfs.h"

/* Events, Linux values */
#define IN_ACCESS        0x00000001
#define IN_MODIFY        0x00000002
#define IN_ATTRIB        0x00000004
#define IN_CLOSE_WRITE   0x00000008
#define IN_CLOSE_NOWRITE 0x00000010
#define IN_OPEN          0x00000020
#define IN_MOVED_FROM    0x00000040
#define IN_MOVED_TO      0x00000080
#define IN_CREATE        0x00000100
#define IN_DELETE        0x00000200
#define IN_DELETE_SELF   0x00000400
#define IN_MOVE_SELF     0x00000800
#define IN_ALL_EVENTS    0x00000fff
#define IN_UNMOUNT       0x00002000
#define IN_Q_OVERFLOW    0x00004000
#define IN_IGNORED       0x00008000
/* inotify_add_watch's flags */
#define IN_ONLYDIR       0x01000000
#define IN_DONT_FOLLOW   0x02000000
#define IN_EXCL_UNLINK   0x04000000
#define IN_MASK_CREATE   0x10000000
#define IN_MASK_ADD      0x20000000
#define IN_ISDIR         0x40000000
#define IN_ONESHOT       0x80000000
/* inotify_init1's flags */
#define IN_CLOEXEC O_CLOEXEC
#define IN_NONBLOCK O_NONBLOCK

/* A new inotify file, O_NONBLOCK from flags (IN_CLOEXEC is the caller's).
 * 0 or -ENOMEM. */
int inotify_create_file(int flags, struct file **out);
bool is_inotify_file(struct file *f);
/* Watches v (referenced by the caller) for mask's events: the watch
 * descriptor (v's own one if it has one, its mask replaced, or added to
 * with IN_MASK_ADD), -EEXIST with IN_MASK_CREATE, or -ENOMEM. */
long inotify_add_watch_file(struct file *f, struct vnode *v, uint32_t mask);
/* Removes watch wd, queueing IN_IGNORED: 0 or -EINVAL. */
long inotify_rm_watch_file(struct file *f, int wd);

/* The one hook of the VFS (fs/fsnotify.h wraps it): queues the event mask
 * (with name, or NULL for the vnode's own) on the watches of v that ask
 * for it. IN_DELETE_SELF also ends them: IN_IGNORED follows. */
void fsnotify(struct vnode *v, uint32_t mask, const char *name, uint32_t cookie);
/* Something happened to v's contents or attributes (IN_ACCESS,
 * IN_MODIFY, IN_ATTRIB, IN_OPEN, IN_CLOSE_*): its directory's watches
 * hear it under its name first, then its own, as Linux queues them. */
void fsnotify_change(struct vnode *v, uint32_t mask);
/* A new cookie, tying a rename's IN_MOVED_FROM to its IN_MOVED_TO. */
uint32_t fsnotify_cookie(void);
