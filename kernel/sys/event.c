/* The event-loop calls: epoll_create, epoll_ctl, epoll_wait and its
 * variants, eventfd, inotify. The sets, counters and watches are
 * fs/epoll.c's, fs/eventfd.c's and fs/inotify.c's; here are Linux's
 * argument checks in Linux's order. */
#include "fs/epoll.h"
#include "fs/eventfd.h"
#include "fs/fdtable.h"
#include "fs/inotify.h"
#include "fs/poll.h"
#include "lib/errno.h"
#include "sched/proc.h"
#include "sys/syscall.h"

#define INT_MAX 0x7fffffff
#define EP_MAX_EVENTS (INT_MAX / sizeof(struct epoll_event))

static struct fdtable *files(void) { return current_proc()->files; }

/* The file at fd, referenced; NULL for a bad or O_PATH fd (EBADF). */
static struct file *get_file(int fd) { return fd_get_io(files(), fd); }

/* Gives f a descriptor: the fd, or -EMFILE (f dropped). */
static long install(struct file *f, bool cloexec)
{
    int fd = fd_install(files(), f, 0, cloexec);
    if (fd < 0)
        file_put(f);
    return fd;
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
    if (flags & ~EPOLL_CLOEXEC)
        return -EINVAL;
    struct file *f;
    int r = epoll_create_file(&f);
    return r ? r : install(f, flags & EPOLL_CLOEXEC);
}

/* The size is a hint, long ignored; it must be positive. */
SYSCALL_DEFINE1(epoll_create, int, size)
{
    return size <= 0 ? -EINVAL : sys_epoll_create1(0);
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, const struct epoll_event __user *, uev)
{
    struct epoll_event ev = { 0 };
    if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof ev))
        return -EFAULT;
    struct file *ep = get_file(epfd);
    if (!ep)
        return -EBADF;
    struct file *tf = get_file(fd);
    long r = tf ? epoll_ctl_file(ep, op, fd, tf, &ev) : -EBADF;
    if (tf)
        file_put(tf);
    file_put(ep);
    return r;
}

static long do_epoll_wait(int epfd, struct epoll_event __user *events, int maxevents,
                          uint64_t deadline)
{
    if (maxevents <= 0 || (uint64_t)maxevents > EP_MAX_EVENTS)
        return -EINVAL;
    if (!user_range_ok(events, (size_t)maxevents * sizeof *events))
        return -EFAULT;
    struct file *f = get_file(epfd);
    if (!f)
        return -EBADF;
    long r = is_epoll_file(f) ? epoll_wait_file(f, events, maxevents, deadline) : -EINVAL;
    file_put(f);
    return r;
}

/* A negative timeout waits forever. */
static uint64_t ms_deadline(int timeout_ms)
{
    uint64_t deadline = 0;
    if (timeout_ms >= 0)
        poll_deadline(timeout_ms / 1000, (int64_t)(timeout_ms % 1000) * 1000000, &deadline);
    return deadline;
}

/* epoll_wait is never restarted after a signal handler: -EINTR, as Linux. */
SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event __user *, events, int, maxevents,
               int, timeout_ms)
{
    return do_epoll_wait(epfd, events, maxevents, ms_deadline(timeout_ms));
}

/* With a temporary signal mask, which an interrupting handler runs with. */
static long epoll_wait_masked(int epfd, struct epoll_event __user *events, int maxevents,
                              uint64_t deadline, const void __user *sigmask, size_t sigsetsize)
{
    long r = sigmask_set_temporary(sigmask, sigsetsize);
    if (r)
        return r;
    r = do_epoll_wait(epfd, events, maxevents, deadline);
    sigmask_restore_unless(r == -EINTR);
    return r;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, events, int, maxevents,
               int, timeout_ms, const void __user *, sigmask, size_t, sigsetsize)
{
    return epoll_wait_masked(epfd, events, maxevents, ms_deadline(timeout_ms), sigmask,
                             sigsetsize);
}

/* The timeout as a timespec, NULL: forever. */
SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event __user *, events, int, maxevents,
               const struct timespec64 __user *, timeout, const void __user *, sigmask,
               size_t, sigsetsize)
{
    uint64_t deadline = 0;
    if (timeout) {
        struct timespec64 ts;
        if (copy_from_user(&ts, timeout, sizeof ts))
            return -EFAULT;
        if (poll_deadline(ts.tv_sec, ts.tv_nsec, &deadline))
            return -EINVAL;
    }
    return epoll_wait_masked(epfd, events, maxevents, deadline, sigmask, sigsetsize);
}

SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
    if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
        return -EINVAL;
    struct file *f;
    int r = eventfd_create(count, flags, &f);
    return r ? r : install(f, flags & EFD_CLOEXEC);
}

SYSCALL_DEFINE1(eventfd, unsigned int, count)
{
    return sys_eventfd2(count, 0);
}

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
    if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
        return -EINVAL;
    struct file *f;
    int r = inotify_create_file(flags, &f);
    return r ? r : install(f, flags & IN_CLOEXEC);
}

SYSCALL_DEFINE0(inotify_init) { return sys_inotify_init1(0); }

/* Every bit inotify_add_watch knows; a mask with none is -EINVAL, one with
 * flags but no events makes a watch that reports nothing, as Linux. */
#define ALL_INOTIFY_BITS (IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | \
                          IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | \
                          IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

SYSCALL_DEFINE3(inotify_add_watch, int, fd, const char __user *, path, uint32_t, mask)
{
    if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
        return -EINVAL;
    if (!(mask & ALL_INOTIFY_BITS))
        return -EINVAL;
    struct file *f = get_file(fd);
    if (!f)
        return -EBADF;
    struct vnode *v = NULL;
    long r = is_inotify_file(f) ? 0 : -EINVAL;
    if (r == 0)
        r = user_path_at(AT_FDCWD, path, (mask & IN_DONT_FOLLOW) ? WALK_NOFOLLOW : 0, &v);
    if (r == 0)
        r = (mask & IN_ONLYDIR) && !S_ISDIR(v->mode) ? -ENOTDIR
                                                      : inotify_add_watch_file(f, v, mask);
    if (v)
        vnode_put(v);
    file_put(f);
    return r;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, int, wd)
{
    struct file *f = get_file(fd);
    if (!f)
        return -EBADF;
    long r = is_inotify_file(f) ? inotify_rm_watch_file(f, wd) : -EINVAL;
    file_put(f);
    return r;
}
