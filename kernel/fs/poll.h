/* Readiness: the POLL* bits of file_ops.poll, and the poll table with
 * which one thread waits on the wait queues of many files at once (poll,
 * select). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "mm/uaccess.h"
#include "sched/wait.h"

#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLRDHUP  0x2000

/* What a file without a poll operation is: always ready (Linux's
 * DEFAULT_POLLMASK, for regular files and most devices). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct file;
struct poll_table;

/* One hook of a poll table on one file's wait queue. */
struct poll_entry {
    struct waiter hook;
    struct waitq *wq;
    struct file *file;         /* referenced: its queue lives while hooked */
    unsigned events;           /* a wake about none of these is ignored */
    struct poll_table *pt;
};

struct poll_table {
    struct waitq wq;           /* the polling thread sleeps here */
    bool triggered;            /* a hooked queue was woken since the pass began */
    bool hooking;              /* the first pass: poll_file hooks what it polls */
    int n, cap;
    struct poll_entry *entries;
};

/* A table with room for cap hooks (entries: cap of them, the caller's). */
void poll_table_init(struct poll_table *pt, struct poll_entry *entries, int cap);
/* f's readiness now: its poll operation, or DEFAULT_POLLMASK without
 * one. In a table's first pass the table is hooked on f's wait queue
 * before the answer, to be woken by wakes about `events`. */
unsigned poll_file(struct file *f, struct poll_table *pt, unsigned events);
/* Calls pass (which looks at every file with poll_file: how many are
 * ready) until it finds some, sleeping between passes: the count, 0 when
 * the deadline passed, or -ERESTARTNOHAND on a signal. */
int poll_table_run(struct poll_table *pt, int (*pass)(struct poll_table *pt, void *ctx),
                   void *ctx, uint64_t deadline_ns);
/* Unhooks everything and drops the file references. */
void poll_table_free(struct poll_table *pt);

/* A file's poll operation, or DEFAULT_POLLMASK and no queue without one. */
unsigned vfs_poll(struct file *f, struct waitq **wq);

/* Timeouts as monotonic deadlines: 0 stands for none (wait forever), and
 * POLL_NO_WAIT for a zero timeout (look once). */
#define POLL_NO_WAIT 1ull
/* The deadline of a timeout of sec + nsec from now, or -EINVAL when it is
 * negative or nsec is out of range (Linux's poll_select_set_timeout). */
int poll_deadline(int64_t sec, int64_t nsec, uint64_t *deadline_ns);
/* The time left until a deadline, in ns (0 once passed). */
uint64_t poll_time_left(uint64_t deadline_ns);

/* ppoll, pselect6 and epoll_pwait wait with a temporary signal mask (a
 * user sigset_t, NULL: keep the mask): 0, -EINVAL or -EFAULT. */
int sigmask_set_temporary(const void __user *uset, uint64_t size);
/* Puts the thread's mask back unless the call ends interrupted (keep):
 * then the signal's handler runs with the temporary mask, and its
 * sigreturn restores the old one. */
void sigmask_restore_unless(bool keep);
