/* Kernel timers: one queue (sched/timerq.c). The functions run with it
 * unlocked, as they take other locks (the run queue's, a process's);
 * timer_arm is called under those, so timer_lock is always the innermost
 * lock. */
#include "sched/timer.h"
#include "lib/spinlock.h"
#include "sched/clock.h"

static spinlock_t timer_lock = SPINLOCK_INIT;   /* guards queue and every ktimer's links, armed, running */
static struct timerq queue;

void timer_init(struct ktimer *kt, void (*fn)(struct ktimer *kt))
{
    *kt = (struct ktimer){ .fn = fn };
}

void timer_arm(struct ktimer *kt, uint64_t expires)
{
    uint64_t f = spin_lock_irqsave(&timer_lock);
    timerq_add(&queue, kt, expires);
    spin_unlock_irqrestore(&timer_lock, f);
}

void timer_cancel(struct ktimer *kt)
{
    uint64_t f = spin_lock_irqsave(&timer_lock);
    timerq_del(&queue, kt);
    while (kt->running) {
        spin_unlock_irqrestore(&timer_lock, f);
        cpu_relax();
        f = spin_lock_irqsave(&timer_lock);
    }
    spin_unlock_irqrestore(&timer_lock, f);
}

void timer_run(void)
{
    uint64_t now = clock_monotonic_ns();
    uint64_t f = spin_lock_irqsave(&timer_lock);
    struct ktimer *kt;
    while ((kt = timerq_pop(&queue, now))) {
        kt->running = true;
        spin_unlock_irqrestore(&timer_lock, f);
        kt->fn(kt);
        f = spin_lock_irqsave(&timer_lock);
        kt->running = false;
    }
    spin_unlock_irqrestore(&timer_lock, f);
}
