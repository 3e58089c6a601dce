/* poll, ppoll, select and pselect6, with Linux's argument checks, error
 * order and timeout write-back. The waiting is fs/poll.c's. */
#include "fs/fdtable.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sys/rlimit.h"
#include "sys/syscall.h"
#include "uapi/time.h"

struct pollfd {
    int fd;
    int16_t events, revents;
};

/* What select's three sets ask about (Linux's POLLIN_SET ...). A file
 * that cannot be polled (O_PATH, or closed meanwhile) is POLLNVAL, which
 * Linux 6.18 reports in every set it was asked in. */
#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR | POLLNVAL)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR | POLLNVAL)
#define POLLEX_SET (POLLPRI | POLLNVAL)

static struct fdtable *files(void) { return current_proc()->files; }

/* The file at fd, referenced, unless bad or O_PATH: those poll as
 * POLLNVAL (Linux's fdget skips O_PATH files). */
static struct file *pollable(int fd)
{
    struct file *f = fd_get(files(), fd);
    if (f && (f->flags & O_PATH)) {
        file_put(f);
        return NULL;
    }
    return f;
}

/* Linux's poll_select_finish: the signal mask back unless the call was
 * interrupted, and the time left written to the caller's timeout (a
 * timespec, or a timeval for select), except for a zero timeout. A call
 * whose timeout cannot be written back cannot restart: -EINTR. */
static long poll_finish(long r, uint64_t deadline, void __user *utimeout, bool timeval)
{
    sigmask_restore_unless(r == -ERESTARTNOHAND);
    if (!utimeout || deadline == POLL_NO_WAIT || deadline == 0)
        return r;
    uint64_t left = poll_time_left(deadline);
    int64_t t[2] = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
    if (timeval)
        t[1] /= 1000;
    if (copy_to_user(utimeout, t, sizeof t) == 0)
        return r;
    return r == -ERESTARTNOHAND ? -EINTR : r;
}

/* A timespec timeout (NULL: none) as a deadline: 0, -EFAULT or -EINVAL. */
static int get_timeout(const void __user *uts, uint64_t *deadline)
{
    struct timespec64 ts;
    *deadline = 0;
    if (!uts)
        return 0;
    if (copy_from_user(&ts, uts, sizeof ts))
        return -EFAULT;
    return poll_deadline(ts.tv_sec, ts.tv_nsec, deadline);
}

/* ---- poll ---- */

struct poll_ctx {
    struct pollfd *fds;
    unsigned nfds;
};

/* revents of one pollfd: 0 for a negative fd, POLLNVAL for a bad one,
 * else what is ready of events (POLLERR and POLLHUP always count). */
static unsigned pollfd_revents(const struct pollfd *p, struct poll_table *pt)
{
    if (p->fd < 0)
        return 0;
    struct file *f = pollable(p->fd);
    if (!f)
        return POLLNVAL;
    unsigned filter = (uint16_t)p->events | POLLERR | POLLHUP;
    unsigned mask = poll_file(f, pt, filter) & filter;
    file_put(f);
    return mask;
}

static int poll_pass(struct poll_table *pt, void *arg)
{
    struct poll_ctx *c = arg;
    int count = 0;
    for (unsigned i = 0; i < c->nfds; i++) {
        c->fds[i].revents = (int16_t)pollfd_revents(&c->fds[i], pt);
        if (c->fds[i].revents)
            count++;
    }
    return count;
}

static long do_poll(struct pollfd __user *ufds, unsigned nfds, uint64_t deadline)
{
    if (nfds > rlimit_cur(RLIMIT_NOFILE))
        return -EINVAL;
    struct poll_ctx c = { .fds = kmalloc(sizeof *c.fds * nfds), .nfds = nfds };
    struct poll_entry *entries = kmalloc(sizeof *entries * nfds);
    long r = 0;
    if (!c.fds || !entries)
        r = -ENOMEM;
    else if (copy_from_user(c.fds, ufds, sizeof *c.fds * nfds))
        r = -EFAULT;
    if (r == 0) {
        struct poll_table pt;
        poll_table_init(&pt, entries, (int)nfds);
        r = poll_table_run(&pt, poll_pass, &c, deadline);
        poll_table_free(&pt);
    }
    /* Only the revents fields are written, as Linux. */
    for (unsigned i = 0; r >= 0 && i < nfds; i++)
        if (put_user(c.fds[i].revents, &ufds[i].revents))
            r = -EFAULT;
    kfree(entries);
    kfree(c.fds);
    return r;
}

/* A signal with no handler restarts the call; Linux restarts poll with
 * the time left, this restarts it with the whole timeout. */
SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int, timeout_ms)
{
    uint64_t deadline = 0;
    if (timeout_ms >= 0)
        poll_deadline(timeout_ms / 1000, (int64_t)(timeout_ms % 1000) * 1000000, &deadline);
    return do_poll(ufds, nfds, deadline);
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds, void __user *, tsp,
               const void __user *, sigmask, size_t, sigsetsize)
{
    uint64_t deadline;
    long r = get_timeout(tsp, &deadline);
    if (r == 0)
        r = sigmask_set_temporary(sigmask, sigsetsize);
    if (r)
        return r;
    return poll_finish(do_poll(ufds, nfds, deadline), deadline, tsp, false);
}

/* ---- select ---- */

/* The fd_sets as bitmaps of `words` longs each: in, out, ex, then the
 * results. */
struct select_ctx {
    int n;
    size_t words;
    uint64_t *in, *out, *ex, *res_in, *res_out, *res_ex;
};

static bool fd_isset(const uint64_t *set, int fd) { return set[fd / 64] >> (fd % 64) & 1; }
static void fd_set_bit(uint64_t *set, int fd) { set[fd / 64] |= 1ull << (fd % 64); }

static int select_pass(struct poll_table *pt, void *arg)
{
    struct select_ctx *c = arg;
    int count = 0;
    for (int fd = 0; fd < c->n; fd++) {
        bool in = fd_isset(c->in, fd), out = fd_isset(c->out, fd), ex = fd_isset(c->ex, fd);
        if (!in && !out && !ex)
            continue;
        unsigned mask = POLLNVAL;
        struct file *f = pollable(fd);
        if (f) {
            mask = poll_file(f, pt, POLLEX_SET | (in ? POLLIN_SET : 0) | (out ? POLLOUT_SET : 0));
            file_put(f);
        }
        if (in && (mask & POLLIN_SET))
            fd_set_bit(c->res_in, fd), count++;
        if (out && (mask & POLLOUT_SET))
            fd_set_bit(c->res_out, fd), count++;
        if (ex && (mask & POLLEX_SET))
            fd_set_bit(c->res_ex, fd), count++;
    }
    return count;
}

/* Reads a user fd_set (NULL: empty); bits from n on are ignored. */
static int get_fd_set(const void __user *uset, uint64_t *set, int n, size_t words)
{
    if (!uset)
        return 0;
    if (copy_from_user(set, uset, words * 8))
        return -EFAULT;
    if (n % 64)
        set[words - 1] &= (1ull << (n % 64)) - 1;
    return 0;
}

/* Every fd in the sets must be open (an O_PATH one is): else -EBADF. */
static int check_fds(const struct select_ctx *c)
{
    for (int fd = 0; fd < c->n; fd++) {
        if (!fd_isset(c->in, fd) && !fd_isset(c->out, fd) && !fd_isset(c->ex, fd))
            continue;
        struct file *f = fd_get(files(), fd);
        if (!f)
            return -EBADF;
        file_put(f);
    }
    return 0;
}

static long do_select(int n, void __user *inp, void __user *outp, void __user *exp,
                      uint64_t deadline)
{
    if (n < 0)
        return -EINVAL;
    /* Linux looks no further than its table of descriptors reaches. */
    n = MIN(n, __atomic_load_n(&files()->count, __ATOMIC_RELAXED));
    struct select_ctx c = { .n = n, .words = ((size_t)n + 63) / 64 };
    uint64_t *sets = kzalloc(6 * c.words * 8);
    struct poll_entry *entries = kmalloc(sizeof *entries * (size_t)n);
    if (!sets || !entries) {
        kfree(sets);
        kfree(entries);
        return -ENOMEM;
    }
    c.in = sets, c.out = c.in + c.words, c.ex = c.out + c.words;
    c.res_in = c.ex + c.words, c.res_out = c.res_in + c.words, c.res_ex = c.res_out + c.words;
    long r = get_fd_set(inp, c.in, n, c.words);
    if (r == 0)
        r = get_fd_set(outp, c.out, n, c.words);
    if (r == 0)
        r = get_fd_set(exp, c.ex, n, c.words);
    if (r == 0)
        r = check_fds(&c);
    if (r == 0) {
        struct poll_table pt;
        poll_table_init(&pt, entries, n);
        r = poll_table_run(&pt, select_pass, &c, deadline);
        poll_table_free(&pt);
    }
    if (r >= 0 && ((inp && copy_to_user(inp, c.res_in, c.words * 8)) ||
                   (outp && copy_to_user(outp, c.res_out, c.words * 8)) ||
                   (exp && copy_to_user(exp, c.res_ex, c.words * 8))))
        r = -EFAULT;
    kfree(entries);
    kfree(sets);
    return r;
}

SYSCALL_DEFINE5(select, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
               struct kernel_timeval __user *, tvp)
{
    uint64_t deadline = 0;
    if (tvp) {
        struct kernel_timeval tv;
        if (copy_from_user(&tv, tvp, sizeof tv))
            return -EFAULT;
        /* Microseconds beyond a second carry over, as Linux. */
        if (poll_deadline(tv.tv_sec + tv.tv_usec / 1000000, tv.tv_usec % 1000000 * 1000,
                          &deadline))
            return -EINVAL;
    }
    return poll_finish(do_select(n, inp, outp, exp, deadline), deadline, tvp, true);
}

/* pselect6's sixth argument: the mask and its size. */
struct sigset_arg {
    const void __user *set;
    size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
               void __user *, tsp, const struct sigset_arg __user *, sig)
{
    struct sigset_arg s = { 0 };
    if (sig && copy_from_user(&s, sig, sizeof s))
        return -EFAULT;
    uint64_t deadline;
    long r = get_timeout(tsp, &deadline);
    if (r == 0)
        r = sigmask_set_temporary(s.set, s.size);
    if (r)
        return r;
    return poll_finish(do_select(n, inp, outp, exp, deadline), deadline, tsp, false);
}
