/* eventfd, as Linux: a read takes the whole count (or 1 in semaphore
 * mode) and waits while it is 0; a write adds to it and waits while the
 * sum would reach 2^64-1. A read gets 8 bytes (it must ask for at least
 * that many), a write must give exactly 8 (Linux 6.10 on). */
#include "fs/anon.h"
#include "fs/eventfd.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/spinlock.h"
#include "sched/signal.h"
#include "sched/wait.h"

struct eventfd {
    spinlock_t lock;          /* guards count */
    uint64_t count;
    bool semaphore;
    struct waitq wq;          /* readers, writers and pollers */
};

static struct eventfd *eventfd_of(struct file *f) { return f->priv; }

/* Takes what a read gets (lock held): 0 when the count is 0. */
static uint64_t take(struct eventfd *e)
{
    uint64_t v = e->semaphore && e->count ? 1 : e->count;
    e->count -= v;
    return v;
}

static long eventfd_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct eventfd *e = eventfd_of(f);
    if (n < sizeof(uint64_t))
        return -EINVAL;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&e->lock);
        uint64_t v = take(e);
        spin_unlock_irqrestore(&e->lock, fl);
        if (v) {
            wake_up_poll(&e->wq, POLLOUT);
            /* Taken even when the copy fails, as Linux. */
            return copy_to_user(buf, &v, sizeof v) ? -EFAULT : (long)sizeof v;
        }
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (WAIT_EVENT(&e->wq, e->count != 0))
            return -ERESTARTSYS;
    }
}

static long eventfd_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    struct eventfd *e = eventfd_of(f);
    uint64_t v;
    if (n != sizeof v)
        return -EINVAL;
    if (copy_from_user(&v, buf, sizeof v))
        return -EFAULT;
    if (v == UINT64_MAX)
        return -EINVAL;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&e->lock);
        bool fits = UINT64_MAX - e->count > v;
        if (fits)
            e->count += v;
        spin_unlock_irqrestore(&e->lock, fl);
        if (fits) {
            /* Even adding 0 is an event for epoll's edge triggering, as Linux. */
            wake_up_poll(&e->wq, POLLIN);
            return sizeof v;
        }
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (WAIT_EVENT(&e->wq, UINT64_MAX - e->count > v))
            return -ERESTARTSYS;
    }
}

/* Linux's eventfd_poll: POLLIN and POLLOUT without their RDNORM/WRNORM
 * twins. (Its POLLERR is for a count only the kernel can overflow.) */
static unsigned eventfd_poll(struct file *f, struct waitq **wq)
{
    struct eventfd *e = eventfd_of(f);
    *wq = &e->wq;
    uint64_t count = __atomic_load_n(&e->count, __ATOMIC_RELAXED);
    return (count > 0 ? POLLIN : 0) | (count < UINT64_MAX - 1 ? POLLOUT : 0);
}

static void eventfd_close(struct file *f)
{
    kfree(eventfd_of(f));
}

static const struct file_ops eventfd_fops = {
    .read = eventfd_read, .write = eventfd_write, .poll = eventfd_poll, .close = eventfd_close,
};

int eventfd_create(unsigned int initval, int flags, struct file **out)
{
    struct eventfd *e = kzalloc(sizeof *e);
    if (!e)
        return -ENOMEM;
    e->lock = (spinlock_t)SPINLOCK_INIT;
    e->count = initval;
    e->semaphore = flags & EFD_SEMAPHORE;
    waitq_init(&e->wq);
    int r = anon_file_new("[eventfd]", &eventfd_fops, e, flags & EFD_NONBLOCK, out);
    if (r)
        kfree(e);
    return r;
}
