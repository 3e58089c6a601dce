#include "sched/sched.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/mm.h"
#include "sched/clock.h"
#include "sched/itimer.h"
#include "sched/proc.h"
#include "sched/thread.h"
#include "sched/timer.h"

void context_switch(uint64_t *save_ksp, uint64_t new_ksp);

/* Two run queues, each in turn (FIFO). A thread that used up a whole
 * slice without sleeping is "batch" (a JIT compiler, a loop) until it next
 * sleeps; the others, "interactive", wait for something (a packet, a lock,
 * a reply) and then run a little. Interactive threads run first, and one
 * that wakes preempts a batch thread that has run for WAKEUP_GRANULARITY_NS,
 * as Linux's wakeup preemption does: so a request is not held up behind a
 * compiler's slice. Batch threads still get the CPU after interactive ones
 * have run BATCH_STARVE_TICKS ticks while they waited. */
struct runq {
    struct thread *head, *tail;
};

static spinlock_t rq_lock = SPINLOCK_INIT;   /* guards inter, batch, slice_left, inter_ticks and thread states */
static struct runq inter, batch;
static unsigned slice_left;
static unsigned inter_ticks;                 /* ticks interactive threads ran while batch ones waited */
static struct thread *reaped;                /* a dead thread whose stack is freed by the next one */

struct thread *current_thread(void) { return this_cpu()->current; }

static void runq_push(struct runq *q, struct thread *t)
{
    t->rq_next = NULL;
    if (q->tail)
        q->tail->rq_next = t;
    else
        q->head = t;
    q->tail = t;
}

static struct thread *runq_pop(struct runq *q)
{
    struct thread *t = q->head;
    if (t) {
        q->head = t->rq_next;
        if (!q->head)
            q->tail = NULL;
    }
    return t;
}

static void rq_push(struct thread *t)
{
    runq_push(t->batch ? &batch : &inter, t);
}

static struct thread *rq_pop(void)
{
    if (batch.head && (!inter.head || inter_ticks >= BATCH_STARVE_TICKS)) {
        inter_ticks = 0;
        return runq_pop(&batch);
    }
    return runq_pop(&inter);
}

static bool rq_empty(void)
{
    return !inter.head && !batch.head;
}

/* A woken thread waits behind the running one: may it have the CPU now? */
static bool wakeup_preempts(struct cpu *c)
{
    return inter.head && (c->current == c->idle
                          || (c->current->batch
                              && clock_monotonic_ns() - c->current->ran_since >= WAKEUP_GRANULARITY_NS));
}

/* A sleeping thread's wakeup; called with rq_lock held. */
static void make_runnable(struct thread *t)
{
    t->state = THREAD_RUNNABLE;
    rq_push(t);
    if (wakeup_preempts(this_cpu()))
        this_cpu()->need_resched = true;
}

void sched_add(struct thread *t)
{
    uint64_t f = spin_lock_irqsave(&rq_lock);
    t->state = THREAD_RUNNABLE;
    rq_push(t);
    spin_unlock_irqrestore(&rq_lock, f);
}

void sched_wakeup(struct thread *t)
{
    uint64_t f = spin_lock_irqsave(&rq_lock);
    if (t->state == THREAD_SLEEPING)
        make_runnable(t);
    spin_unlock_irqrestore(&rq_lock, f);
}

/* The stack of a dead thread can go once another thread runs. */
static void free_reaped(void)
{
    if (reaped && reaped != this_cpu()->current) {
        thread_free(reaped);
        reaped = NULL;
    }
}

/* Switches to the next runnable thread; called with rq_lock held. */
static void switch_away(uint64_t flags)
{
    struct cpu *c = this_cpu();
    struct thread *prev = c->current;
    struct thread *next = rq_pop();
    if (!next)
        next = prev->state == THREAD_RUNNING ? prev : c->idle;
    if (prev->state == THREAD_RUNNING && next != prev && prev != c->idle) {
        prev->state = THREAD_RUNNABLE;
        rq_push(prev);
    }
    c->need_resched = false;
    slice_left = TIMESLICE_TICKS;
    if (next == prev) {
        prev->state = THREAD_RUNNING;
        spin_unlock_irqrestore(&rq_lock, flags);
        return;
    }
    next->state = THREAD_RUNNING;
    c->current = next;
    if (prev != c->idle) {              /* getrusage's counts, as Linux's switch_count */
        if (prev->state == THREAD_SLEEPING)
            prev->counts.nvcsw++;
        else if (prev->state == THREAD_RUNNABLE)
            prev->counts.nivcsw++;
    }
    uint64_t now = clock_monotonic_ns();
    prev->run_ns += now - prev->ran_since;
    next->ran_since = now;
    prev->rseq_resume = true;              /* preempted: its rseq state is stale */
    thread_switch_state(prev, next);
    context_switch(&prev->ksp, next->ksp);
    /* Back in prev, possibly much later. */
    free_reaped();
    spin_unlock_irqrestore(&rq_lock, flags);
}

/* A new thread's first instructions (sched/start.S): the switch that
 * started it still holds rq_lock. Interrupts stay off until the thread
 * enables them or returns to user mode. */
void sched_finish_switch(void)
{
    free_reaped();
    __atomic_store_n(&rq_lock.locked, 0, __ATOMIC_RELEASE);
}

void schedule(void)
{
    uint64_t f = spin_lock_irqsave(&rq_lock);
    switch_away(f);
}

void sched_sleep(void)
{
    uint64_t f = spin_lock_irqsave(&rq_lock);
    struct thread *t = current_thread();
    if (t->wake_at)
        timer_arm(&t->sleep_timer, t->wake_at);
    t->batch = false;                     /* it waits for something: interactive again */
    switch_away(f);
    if (t->wake_at)
        timer_cancel(&t->sleep_timer);    /* woken before the deadline */
}

void sched_timeout(struct ktimer *kt)
{
    struct thread *t = container_of(kt, struct thread, sleep_timer);
    uint64_t f = spin_lock_irqsave(&rq_lock);
    /* Still asleep, and not since a later sleep with another deadline. */
    if (t->state == THREAD_SLEEPING && t->wake_at && t->wake_at <= clock_monotonic_ns()) {
        t->timed_out = true;
        make_runnable(t);
    }
    spin_unlock_irqrestore(&rq_lock, f);
}

void sched_tick(bool from_user)
{
    struct cpu *c = this_cpu();
    struct thread *t = c->current;
    c->ticks++;
    if (t != c->idle) {
        if (from_user)
            t->utime_ns += NSEC_PER_SEC / HZ;
        else
            t->stime_ns += NSEC_PER_SEC / HZ;
        if (t->proc)
            ptimers_tick(t);
    }
    timer_run();
    uint64_t f = spin_lock_irqsave(&rq_lock);
    if (c->current == c->idle) {
        if (!rq_empty())
            c->need_resched = true;
        spin_unlock_irqrestore(&rq_lock, f);
        return;
    }
    if (!t->batch && batch.head && ++inter_ticks >= BATCH_STARVE_TICKS)
        c->need_resched = true;
    if (wakeup_preempts(c)) {
        c->need_resched = true;           /* it woke too early in the slice to preempt then */
    } else if (--slice_left == 0 || slice_left > TIMESLICE_TICKS) {
        t->batch = true;                  /* a whole slice without sleeping */
        c->need_resched = c->need_resched || !rq_empty();
        slice_left = TIMESLICE_TICKS;
    }
    spin_unlock_irqrestore(&rq_lock, f);
}

__noreturn void sched_exit_thread(void)
{
    uint64_t f = spin_lock_irqsave(&rq_lock);
    struct thread *t = current_thread();
    t->state = THREAD_DEAD;
    free_reaped();
    reaped = t;
    switch_away(f);
    panic("a dead thread was scheduled");
}

static void idle_loop(void)
{
    for (;;) {
        sti();
        hlt();
        cli();
        if (this_cpu()->need_resched)
            schedule();
    }
}

void sched_init(void)
{
    struct cpu *c = this_cpu();
    c->idle = thread_new_kernel(idle_loop);
    c->current = c->idle;
    c->idle->state = THREAD_RUNNING;
    slice_left = TIMESLICE_TICKS;
}

__noreturn void sched_start(void)
{
    struct cpu *c = this_cpu();
    uint64_t boot_ksp;
    cli();
    spin_lock_irqsave(&rq_lock);
    struct thread *next = rq_pop();
    if (!next)
        next = c->idle;
    next->state = THREAD_RUNNING;
    c->current = next;
    next->ran_since = clock_monotonic_ns();
    thread_switch_state(c->idle, next);
    context_switch(&boot_ksp, next->ksp);
    panic("boot stack resumed");
}

uint64_t thread_cputime_ns(struct thread *t)
{
    uint64_t ns = t->run_ns;
    if (t == current_thread())
        ns += clock_monotonic_ns() - t->ran_since;
    return ns;
}

uint64_t process_cputime_locked(struct process *p)
{
    uint64_t ns = p->run_ns;
    for (struct thread *t = p->threads; t; t = t->proc_next)
        ns += thread_cputime_ns(t);
    return ns;
}

int thread_cputime_by_tid(struct process *p, int tid, uint64_t *ns)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct thread *t = process_find_thread_locked(p, tid);
    if (t)
        *ns = thread_cputime_ns(t);
    spin_unlock_irqrestore(&p->lock, f);
    return t ? 0 : -EINVAL;
}

uint64_t process_cputime_ns(struct process *p)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    uint64_t ns = process_cputime_locked(p);
    spin_unlock_irqrestore(&p->lock, f);
    return ns;
}
