/* Waiting for any of many files (poll, select). A file's poll operation
 * tells its readiness and the one wait queue its changes are announced
 * on; the poll table hooks an entry on each such queue, and a wake of any
 * of them wakes the polling thread, which then looks at every file again.
 * A file is hooked before it is looked at, so a change after the look
 * always wakes the table. */
#include "fs/poll.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/signal.h"

void poll_table_init(struct poll_table *pt, struct poll_entry *entries, int cap)
{
    waitq_init(&pt->wq);
    pt->triggered = false;
    pt->hooking = true;
    pt->n = 0;
    pt->cap = cap;
    pt->entries = entries;
}

unsigned vfs_poll(struct file *f, struct waitq **wq)
{
    if (!f->ops->poll) {
        *wq = NULL;
        return DEFAULT_POLLMASK;
    }
    return f->ops->poll(f, wq);
}

/* A hooked queue was woken (its lock held, interrupts off). */
static void poll_wake(struct waiter *w, unsigned events)
{
    struct poll_entry *e = container_of(w, struct poll_entry, hook);
    if (!(events & e->events))
        return;
    __atomic_store_n(&e->pt->triggered, true, __ATOMIC_RELEASE);
    wake_up(&e->pt->wq);
}

unsigned poll_file(struct file *f, struct poll_table *pt, unsigned events)
{
    struct waitq *wq;
    unsigned mask = vfs_poll(f, &wq);
    if (!wq || !pt->hooking || pt->n == pt->cap)
        return mask;
    struct poll_entry *e = &pt->entries[pt->n++];
    *e = (struct poll_entry){ .hook.func = poll_wake, .wq = wq, .file = f,
                              .events = events, .pt = pt };
    file_get(f);
    waitq_add(wq, &e->hook);
    /* Again, hooked: a change since the first look woke nobody. */
    return vfs_poll(f, &wq);
}

int poll_table_run(struct poll_table *pt, int (*pass)(struct poll_table *pt, void *ctx),
                   void *ctx, uint64_t deadline_ns)
{
    bool timed_out = deadline_ns == POLL_NO_WAIT;
    for (;;) {
        /* A wake during the pass makes the sleep below end at once. */
        __atomic_store_n(&pt->triggered, false, __ATOMIC_RELEASE);
        int count = pass(pt, ctx);
        pt->hooking = false;
        if (count)
            return count;
        /* As Linux: a pending signal wins over a timeout, even a zero one. */
        if (signal_pending(current_thread()))
            return -ERESTARTNOHAND;
        if (timed_out)
            return 0;
        int r = WAIT_EVENT_DEADLINE(&pt->wq, __atomic_load_n(&pt->triggered, __ATOMIC_ACQUIRE),
                                    deadline_ns);
        /* After the deadline, one more look, as Linux. */
        timed_out = r == -ETIMEDOUT;
    }
}

void poll_table_free(struct poll_table *pt)
{
    for (int i = 0; i < pt->n; i++) {
        waitq_remove(pt->entries[i].wq, &pt->entries[i].hook);
        file_put(pt->entries[i].file);
    }
    pt->n = 0;
}

int poll_deadline(int64_t sec, int64_t nsec, uint64_t *deadline_ns)
{
    if (sec < 0 || nsec < 0 || nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    if (sec == 0 && nsec == 0) {
        *deadline_ns = POLL_NO_WAIT;
        return 0;
    }
    uint64_t now = clock_monotonic_ns();
    /* Past what the clock can count: no deadline. */
    if ((uint64_t)sec >= (UINT64_MAX - now) / NSEC_PER_SEC) {
        *deadline_ns = 0;
        return 0;
    }
    *deadline_ns = now + (uint64_t)sec * NSEC_PER_SEC + (uint64_t)nsec;
    return 0;
}

uint64_t poll_time_left(uint64_t deadline_ns)
{
    uint64_t now = clock_monotonic_ns();
    return deadline_ns > now ? deadline_ns - now : 0;
}

#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

int sigmask_set_temporary(const void __user *uset, uint64_t size)
{
    if (!uset)
        return 0;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    uint64_t mask;
    if (copy_from_user(&mask, uset, sizeof mask))
        return -EFAULT;
    struct thread *t = current_thread();
    t->saved_sigmask = t->sigmask;
    t->has_saved_sigmask = true;
    t->sigmask = mask & ~UNBLOCKABLE;
    return 0;
}

void sigmask_restore_unless(bool keep)
{
    struct thread *t = current_thread();
    if (keep || !t->has_saved_sigmask)
        return;
    t->sigmask = t->saved_sigmask;
    t->has_saved_sigmask = false;
}
