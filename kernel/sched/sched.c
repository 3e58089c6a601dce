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

static spinlock_t rq_lock = SPINLOCK_INIT;   /* guards rq_head, rq_tail and thread states */
static struct thread *rq_head, *rq_tail;
static unsigned slice_left;
static struct thread *reaped;                /* a dead thread whose stack is freed by the next one */

struct thread *current_thread(void) { return this_cpu()->current; }

static void rq_push(struct thread *t)
{
    t->rq_next = NULL;
    if (rq_tail)
        rq_tail->rq_next = t;
    else
        rq_head = t;
    rq_tail = t;
}

static struct thread *rq_pop(void)
{
    struct thread *t = rq_head;
    if (t) {
        rq_head = t->rq_next;
        if (!rq_head)
            rq_tail = NULL;
    }
    return t;
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
    if (t->state == THREAD_SLEEPING) {
        t->state = THREAD_RUNNABLE;
        rq_push(t);
        if (this_cpu()->current == this_cpu()->idle)
            this_cpu()->need_resched = true;
    }
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
        t->state = THREAD_RUNNABLE;
        rq_push(t);
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
        if (rq_head)
            c->need_resched = true;
    } else if (--slice_left == 0 || slice_left > TIMESLICE_TICKS) {
        c->need_resched = rq_head != NULL;
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

uint64_t process_cputime_ns(struct process *p)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    uint64_t ns = process_cputime_locked(p);
    spin_unlock_irqrestore(&p->lock, f);
    return ns;
}
