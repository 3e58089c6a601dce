/* Process timers. A timer expires when its clock reaches its expiry:
 * clocks of real time wake it through a kernel timer (sched/timer.c),
 * CPU-time clocks are checked by the tick of the process's threads. On
 * expiry it signals, and a periodic one moves on past now. A POSIX timer's
 * signal is queued once: expiries while it is pending are its overrun,
 * which the signal carries when it is delivered. A SIGEV_NONE timer never
 * expires on its own: reading it moves a periodic one on. All under the
 * process's lock. */
#include "sched/itimer.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/signal.h"
#include "sched/timer.h"

static bool on_cpu_clock(const struct ptimer *pt)
{
    return pt->clock == CLOCK_PROCESS_CPUTIME_ID || pt->clock == CLOCK_THREAD_CPUTIME_ID ||
           pt->clock == CLOCK_PROCESS_UTIME;
}

/* Armed, and signalling on expiry. */
static bool live(const struct ptimer *pt)
{
    return pt->expires && pt->notify != SIGEV_NONE;
}

/* A thread of p by id, or NULL. p->lock held. */
static struct thread *thread_of(struct process *p, int tid)
{
    struct thread *t = p->threads;
    while (t && t->tid != tid)
        t = t->proc_next;
    return t;
}

/* The process's user time, which ticks sample. p->lock held. */
static uint64_t process_utime(struct process *p)
{
    uint64_t ns = p->utime_ns;
    for (struct thread *t = p->threads; t; t = t->proc_next)
        ns += t->utime_ns;
    return ns;
}

/* The time on pt's clock. A thread CPU-time clock stops with its thread. */
static uint64_t now_of(struct process *p, const struct ptimer *pt)
{
    struct thread *t;
    switch (pt->clock) {
    case CLOCK_REALTIME:
        return clock_realtime_ns();
    case CLOCK_PROCESS_CPUTIME_ID:
        return process_cputime_locked(p);
    case CLOCK_PROCESS_UTIME:
        return process_utime(p);
    case CLOCK_THREAD_CPUTIME_ID:
        t = thread_of(p, pt->clock_tid);
        return t ? thread_cputime_ns(t) : 0;
    default:
        return clock_monotonic_ns();
    }
}

/* Sets pt's expiry: a kernel timer wakes it on real time; the tick
 * checks CPU-time timers while cpu_timers counts any. A disarmed timer's
 * kernel timer may still come: it finds nothing to do. */
static void set_expires(struct process *p, struct ptimer *pt, uint64_t expires)
{
    bool cpu = on_cpu_clock(pt);
    p->cpu_timers -= cpu && live(pt);
    pt->expires = expires;
    p->cpu_timers += cpu && live(pt);
    if (!cpu && live(pt)) {
        uint64_t offset = pt->clock == CLOCK_REALTIME ? clock_boot_epoch_ns() : 0;
        timer_arm(&pt->kt, expires > offset ? expires - offset : 0);
    }
}

/* A periodic timer's next expiry after now: the periods skipped on the
 * way are returned. */
static uint64_t forward(struct process *p, struct ptimer *pt, uint64_t now)
{
    uint64_t expires = pt->expires;
    uint64_t missed = timer_forward(&expires, pt->interval, now);
    set_expires(p, pt, expires);
    return missed;
}

/* pt's time came (now, on its clock): its signal, and the next period. */
static void expire(struct process *p, struct ptimer *pt, uint64_t now)
{
    uint64_t missed = 0;
    if (pt->interval)
        missed = forward(p, pt, now);
    else
        set_expires(p, pt, 0);
    struct thread *t = NULL;
    if (pt->notify == SIGEV_THREAD_ID && !(t = thread_of(p, pt->target_tid)))
        return;                         /* its thread ended */
    int r = signal_send_timer(p, t, &pt->q);
    if (r == 1)
        pt->overrun = missed;
    else if (r == 0)
        pt->overrun += missed + 1;
}

/* The kernel timer of a timer on real time. */
static void real_timer_fn(struct ktimer *kt)
{
    struct ptimer *pt = container_of(kt, struct ptimer, kt);
    struct process *p = pt->proc;
    uint64_t f = spin_lock_irqsave(&p->lock);
    uint64_t now = now_of(p, pt);
    if (live(pt) && pt->expires <= now)
        expire(p, pt, now);
    spin_unlock_irqrestore(&p->lock, f);
}

/* A timer on a CPU-time clock, in the tick of thread t of p. */
static void tick_timer(struct process *p, struct ptimer *pt, struct thread *t)
{
    if (!live(pt) || !on_cpu_clock(pt) ||
        (pt->clock == CLOCK_THREAD_CPUTIME_ID && pt->clock_tid != t->tid))
        return;                         /* another thread's time did not move */
    uint64_t now = now_of(p, pt);
    if (pt->expires <= now)
        expire(p, pt, now);
}

void ptimers_tick(struct thread *t)
{
    struct process *p = t->proc;
    if (!__atomic_load_n(&p->cpu_timers, __ATOMIC_RELAXED))
        return;
    uint64_t f = spin_lock_irqsave(&p->lock);
    tick_timer(p, &p->itimers[ITIMER_VIRTUAL], t);
    tick_timer(p, &p->itimers[ITIMER_PROF], t);
    for (unsigned i = 0; i < p->timer_buckets; i++)
        for (struct ptimer *pt = p->timers[i]; pt; pt = pt->next)
            tick_timer(p, pt, t);
    spin_unlock_irqrestore(&p->lock, f);
}

void ptimer_delivered(struct ksiginfo *info)
{
    struct ptimer *pt = info->timer;
    pt->overrun_last = (int)MIN(pt->overrun, (uint64_t)INT32_MAX);
    pt->overrun = 0;
    info->uid = pt->overrun_last;
}

/* The time left (expired_left while the expiry waits for its tick) and
 * the period. */
static void get_value(struct process *p, struct ptimer *pt, uint64_t expired_left,
                      struct itimer_value *cur)
{
    uint64_t now = now_of(p, pt);
    if (pt->expires && pt->expires <= now && pt->notify == SIGEV_NONE) {
        if (pt->interval)
            forward(p, pt, now);
        else
            set_expires(p, pt, 0);
    }
    cur->interval = pt->interval;
    cur->value = !pt->expires ? 0 : pt->expires > now ? pt->expires - now : expired_left;
}

/* Arms pt for value from now (or at value on its clock: abs), every
 * interval after; value 0 disarms. */
static void set_value(struct process *p, struct ptimer *pt, bool abs,
                      const struct itimer_value *new)
{
    pt->interval = new->value ? new->interval : 0;
    set_expires(p, pt, !new->value ? 0 : abs ? new->value : now_of(p, pt) + new->value);
}

static void init_timer(struct process *p, struct ptimer *pt, int id, int clock, int sig)
{
    pt->proc = p;
    pt->id = id;
    pt->clock = clock;
    pt->q.sig = sig;
    timer_init(&pt->kt, real_timer_fn);
}

void ptimers_init(struct process *p)
{
    static const int clocks[] = { CLOCK_MONOTONIC, CLOCK_PROCESS_UTIME, CLOCK_PROCESS_CPUTIME_ID };
    static const int sigs[] = { SIGALRM, SIGVTALRM, SIGPROF };
    for (int i = 0; i < 3; i++) {
        init_timer(p, &p->itimers[i], -1, clocks[i], sigs[i]);
        p->itimers[i].q.info.code = SI_KERNEL;   /* Linux's SEND_SIG_PRIV */
    }
}

void itimer_set(struct process *p, int which, const struct itimer_value *new,
                struct itimer_value *old)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    /* Linux reports at least a microsecond while the signal is yet to come. */
    get_value(p, &p->itimers[which], 1000, old);
    set_value(p, &p->itimers[which], false, new);
    spin_unlock_irqrestore(&p->lock, f);
}

void itimer_get(struct process *p, int which, struct itimer_value *cur)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    get_value(p, &p->itimers[which], 1000, cur);
    spin_unlock_irqrestore(&p->lock, f);
}

/* POSIX timers by id: a hash table of chains that doubles when the
 * timers would outnumber its buckets, so that finding one costs O(1)
 * however many a program makes (a list took n^2 for n timers, with
 * interrupts off). Ids count up, so id modulo the size spreads them
 * evenly. p->lock held for all of these. */
static struct ptimer **chain(struct ptimer **table, unsigned buckets, int id)
{
    return &table[(unsigned)id & (buckets - 1)];
}

static struct ptimer *find(struct process *p, int id)
{
    struct ptimer *pt = p->timer_buckets ? *chain(p->timers, p->timer_buckets, id) : NULL;
    while (pt && pt->id != id)
        pt = pt->next;
    return pt;
}

/* Room for one more timer: false when out of memory. */
static bool make_room(struct process *p)
{
    if ((unsigned)p->ntimers < p->timer_buckets)
        return true;
    unsigned n = p->timer_buckets ? 2 * p->timer_buckets : 16;
    struct ptimer **table = kzalloc(n * sizeof(*table));
    if (!table)
        return false;
    for (unsigned i = 0; i < p->timer_buckets; i++) {
        while (p->timers[i]) {
            struct ptimer *pt = p->timers[i], **head = chain(table, n, pt->id);
            p->timers[i] = pt->next;
            pt->next = *head;
            *head = pt;
        }
    }
    kfree(p->timers);
    p->timers = table;
    p->timer_buckets = n;
    return true;
}

static void unlink_timer(struct process *p, struct ptimer *pt)
{
    struct ptimer **link = chain(p->timers, p->timer_buckets, pt->id);
    while (*link != pt)
        link = &(*link)->next;
    *link = pt->next;
}

/* Ids count up from 0, as Linux's, skipping those in use. */
static int new_id(struct process *p)
{
    int id;
    do {
        id = p->next_timer_id;
        p->next_timer_id = (p->next_timer_id + 1) & INT32_MAX;
    } while (find(p, id));
    return id;
}

int ptimer_create(struct process *p, struct thread *t, int clock, const struct ptimer_event *ev)
{
    struct ptimer *pt = kzalloc(sizeof(*pt));
    if (!pt)
        return -EAGAIN;
    uint64_t f = spin_lock_irqsave(&p->lock);
    int r = -EAGAIN;
    if (ev->notify == SIGEV_THREAD_ID && !thread_of(p, ev->tid))
        r = -EINVAL;
    else if (!signal_entry_take(p))
        r = -EAGAIN;                   /* its signal's entry: past RLIMIT_SIGPENDING */
    else if (!make_room(p))
        signal_entry_put(p);
    else
        r = new_id(p);
    if (r >= 0) {
        init_timer(p, pt, r, clock, ev->signo);
        pt->notify = ev->notify;
        pt->target_tid = ev->tid;
        pt->clock_tid = t->tid;
        pt->q.info = (struct ksiginfo){ .code = SI_TIMER, .pid = r, .timer = pt,
                                        .value = ev->value_is_id ? (uint64_t)r : ev->value };
        struct ptimer **head = chain(p->timers, p->timer_buckets, r);
        pt->next = *head;
        *head = pt;
        p->ntimers++;
    }
    spin_unlock_irqrestore(&p->lock, f);
    if (r < 0)
        kfree(pt);
    return r;
}

/* Takes pt's pending signal back: a new setting, or none, has no use for
 * it (Linux 6.13 drops it too). p->lock held. */
static void take_signal_back(struct process *p, struct ptimer *pt)
{
    struct thread *t = pt->notify == SIGEV_THREAD_ID ? thread_of(p, pt->target_tid) : NULL;
    if (pt->notify == SIGEV_SIGNAL || t)       /* a thread that ended took its signals along */
        signal_cancel_timer(p, t, &pt->q);
}

int ptimer_settime(struct process *p, int id, bool abs, const struct itimer_value *new,
                   struct itimer_value *old)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct ptimer *pt = find(p, id);
    if (pt) {
        if (old)
            get_value(p, pt, 1, old);
        take_signal_back(p, pt);
        pt->overrun = 0;
        pt->overrun_last = 0;
        set_value(p, pt, abs, new);
    }
    spin_unlock_irqrestore(&p->lock, f);
    return pt ? 0 : -EINVAL;
}

int ptimer_gettime(struct process *p, int id, struct itimer_value *cur)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct ptimer *pt = find(p, id);
    if (pt)
        get_value(p, pt, 1, cur);
    spin_unlock_irqrestore(&p->lock, f);
    return pt ? 0 : -EINVAL;
}

int ptimer_getoverrun(struct process *p, int id)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct ptimer *pt = find(p, id);
    int r = pt ? pt->overrun_last : -EINVAL;
    spin_unlock_irqrestore(&p->lock, f);
    return r;
}

int ptimer_delete(struct process *p, int id)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct ptimer *pt = find(p, id);
    if (pt) {
        unlink_timer(p, pt);
        p->ntimers--;
        signal_entry_put(p);
        set_expires(p, pt, 0);
        take_signal_back(p, pt);
    }
    spin_unlock_irqrestore(&p->lock, f);
    if (!pt)
        return -EINVAL;
    timer_cancel(&pt->kt);      /* its function may be running on another CPU */
    kfree(pt);
    return 0;
}
