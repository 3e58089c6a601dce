/* timerfd, as Linux's: the timer counts its expiries (a periodic one every
 * period that passed, however late the tick), a read takes the count as 8
 * bytes and waits while it is 0, poll sees POLLIN while it is not. A kernel
 * timer (sched/timer.c) wakes it on the monotonic clock; a CLOCK_REALTIME
 * expiry is converted with the boot time, which never moves here (eggos
 * has no clock_settime, so TFD_TIMER_CANCEL_ON_SET has nothing to cancel). */
#include "fs/timerfd.h"
#include "fs/anon.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "sched/clock.h"
#include "sched/signal.h"
#include "sched/timer.h"
#include "sched/wait.h"

struct timerfd {
    spinlock_t lock;          /* guards expires, interval, ticks */
    int clock;
    uint64_t expires;         /* on clock, ns; 0: disarmed */
    uint64_t interval;        /* 0: one-shot */
    uint64_t ticks;           /* expiries not yet read */
    struct ktimer kt;
    struct waitq wq;          /* readers and pollers */
};

static struct timerfd *timerfd_of(struct file *f) { return f->priv; }

static uint64_t now_of(const struct timerfd *t)
{
    return t->clock == CLOCK_REALTIME ? clock_realtime_ns() : clock_monotonic_ns();
}

/* Sets the expiry and arms the kernel timer for it. t->lock held. */
static void set_expires(struct timerfd *t, uint64_t expires)
{
    t->expires = expires;
    if (!expires)
        return;                    /* a kernel timer still armed finds nothing to do */
    uint64_t offset = t->clock == CLOCK_REALTIME ? clock_boot_epoch_ns() : 0;
    timer_arm(&t->kt, expires > offset ? expires - offset : 0);
}

/* The kernel timer: counts the expiries that came and moves a periodic
 * timer on past now. */
static void timerfd_fn(struct ktimer *kt)
{
    struct timerfd *t = container_of(kt, struct timerfd, kt);
    uint64_t f = spin_lock_irqsave(&t->lock);
    uint64_t now = now_of(t);
    bool fired = t->expires && t->expires <= now;
    if (fired && t->interval) {
        uint64_t expires = t->expires;
        t->ticks += timer_forward(&expires, t->interval, now) + 1;
        set_expires(t, expires);
    } else if (fired) {
        t->ticks++;
        t->expires = 0;
    }                              /* else disarmed or moved on since: nothing to do */
    spin_unlock_irqrestore(&t->lock, f);
    if (fired)
        wake_up_poll(&t->wq, POLLIN);
}

static long timerfd_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct timerfd *t = timerfd_of(f);
    if (n < sizeof(uint64_t))
        return -EINVAL;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&t->lock);
        uint64_t ticks = t->ticks;
        t->ticks = 0;
        spin_unlock_irqrestore(&t->lock, fl);
        if (ticks)                 /* taken even when the copy fails, as Linux */
            return copy_to_user(buf, &ticks, sizeof ticks) ? -EFAULT : (long)sizeof ticks;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (WAIT_EVENT(&t->wq, __atomic_load_n(&t->ticks, __ATOMIC_RELAXED) != 0))
            return -ERESTARTSYS;
    }
}

/* Linux's timerfd_poll: POLLIN alone. */
static unsigned timerfd_poll(struct file *f, struct waitq **wq)
{
    struct timerfd *t = timerfd_of(f);
    *wq = &t->wq;
    return __atomic_load_n(&t->ticks, __ATOMIC_RELAXED) ? POLLIN : 0;
}

static void timerfd_close(struct file *f)
{
    struct timerfd *t = timerfd_of(f);
    timer_cancel(&t->kt);          /* its function may be running on another CPU */
    kfree(t);
}

static const struct file_ops timerfd_fops = {
    .read = timerfd_read, .poll = timerfd_poll, .close = timerfd_close,
};

bool is_timerfd(struct file *f) { return f->ops == &timerfd_fops; }

int timerfd_create_file(int clock, int flags, struct file **out)
{
    struct timerfd *t = kzalloc(sizeof *t);
    if (!t)
        return -ENOMEM;
    t->lock = (spinlock_t)SPINLOCK_INIT;
    t->clock = clock;
    timer_init(&t->kt, timerfd_fn);
    waitq_init(&t->wq);
    int r = anon_file_new("[timerfd]", &timerfd_fops, t, flags & TFD_NONBLOCK, out);
    if (r)
        kfree(t);
    return r;
}

/* The setting now; an expiry whose tick is yet to come shows 1 ns left, so
 * an armed timer never reads as disarmed. t->lock held. */
static void get_value(struct timerfd *t, struct itimer_value *cur)
{
    uint64_t now = now_of(t);
    cur->interval = t->interval;
    cur->value = !t->expires ? 0 : t->expires > now ? t->expires - now : 1;
}

void timerfd_settime_file(struct file *f, bool abs, const struct itimer_value *new,
                          struct itimer_value *old)
{
    struct timerfd *t = timerfd_of(f);
    uint64_t fl = spin_lock_irqsave(&t->lock);
    get_value(t, old);
    t->ticks = 0;
    t->interval = new->interval;   /* kept even when disarmed: gettime shows it, as Linux */
    /* An absolute time already past expires at the next tick, as Linux. */
    set_expires(t, !new->value ? 0 : abs ? new->value : now_of(t) + new->value);
    spin_unlock_irqrestore(&t->lock, fl);
}

void timerfd_gettime_file(struct file *f, struct itimer_value *cur)
{
    struct timerfd *t = timerfd_of(f);
    uint64_t fl = spin_lock_irqsave(&t->lock);
    get_value(t, cur);
    spin_unlock_irqrestore(&t->lock, fl);
}
