/* A process's file descriptors; shared by threads created with CLONE_FILES. */
#pragma once
#include "fs/vfs.h"
#include "lib/spinlock.h"

#define FD_MAX 4096            /* most descriptors whatever RLIMIT_NOFILE says */

struct fdtable {
    spinlock_t lock;           /* guards files, cloexec, count */
    int refcount;
    int count;                 /* slots allocated */
    struct file **files;
    uint8_t *cloexec;
};

struct fdtable *fdtable_new(void);
struct fdtable *fdtable_clone(struct fdtable *t);
void fdtable_put(struct fdtable *t);
/* Descriptors are below this: RLIMIT_NOFILE, at most FD_MAX. */
int fd_limit(void);
/* Installs f (takes the caller's reference) at the lowest free fd >= min:
 * the fd, or -EMFILE. */
int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec);
/* A referenced file for fd, or NULL. */
struct file *fd_get(struct fdtable *t, int fd);
/* The same, but NULL for an O_PATH fd too, as Linux's fdget: what a call
 * that acts on the file itself (not its path) takes, answering EBADF. */
struct file *fd_get_io(struct fdtable *t, int fd);
int fd_close(struct fdtable *t, int fd);
/* dup2/dup3 semantics: puts f at fd (closing what was there); takes the
 * caller's reference. fd, or -EBADF when out of range. */
int fd_replace(struct fdtable *t, int fd, struct file *f, bool cloexec);
/* FD_CLOEXEC of fd: 0 or 1, or -EBADF. */
int fd_get_cloexec(struct fdtable *t, int fd);
int fd_set_cloexec(struct fdtable *t, int fd, bool cloexec);
/* execve: closes the descriptors marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *t);
