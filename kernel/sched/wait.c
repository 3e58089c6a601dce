#include "sched/wait.h"
#include <stddef.h>
#include "lib/errno.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/signal.h"

void waitq_init(struct waitq *wq)
{
    wq->lock = (spinlock_t)SPINLOCK_INIT;
    wq->head = NULL;
}

static void enqueue(struct waitq *wq, struct waiter *w)
{
    w->prev = NULL;
    w->next = wq->head;
    if (wq->head)
        wq->head->prev = w;
    wq->head = w;
}

static void dequeue(struct waitq *wq, struct waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else if (wq->head == w)
        wq->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    w->next = w->prev = NULL;
}

static void wake(struct waitq *wq, bool all, unsigned events)
{
    uint64_t f = spin_lock_irqsave(&wq->lock);
    /* The oldest waiter is at the tail. */
    struct waiter *w = wq->head;
    while (w && w->next)
        w = w->next;
    while (w) {
        struct waiter *prev = w->prev;
        if (w->func) {
            w->func(w, events);            /* a hook does not count as the one woken */
        } else if (!w->woken) {
            w->woken = 1;
            sched_wakeup(w->thread);
            if (!all)
                break;
        }
        w = prev;
    }
    spin_unlock_irqrestore(&wq->lock, f);
}

void wake_up(struct waitq *wq) { wake(wq, true, ~0u); }
void wake_up_one(struct waitq *wq) { wake(wq, false, ~0u); }
void wake_up_poll(struct waitq *wq, unsigned events) { wake(wq, true, events); }

void waitq_add(struct waitq *wq, struct waiter *w)
{
    uint64_t f = spin_lock_irqsave(&wq->lock);
    enqueue(wq, w);
    spin_unlock_irqrestore(&wq->lock, f);
}

void waitq_remove(struct waitq *wq, struct waiter *w)
{
    uint64_t f = spin_lock_irqsave(&wq->lock);
    dequeue(wq, w);
    spin_unlock_irqrestore(&wq->lock, f);
}

int waitq_sleep(struct waitq *wq, uint64_t deadline_ns)
{
    struct thread *t = current_thread();
    struct waiter w = { .thread = t };
    if (signal_pending(t))
        return -EINTR;
    uint64_t f = spin_lock_irqsave(&wq->lock);
    enqueue(wq, &w);
    t->state = THREAD_SLEEPING;
    t->wake_at = deadline_ns;
    t->timed_out = false;
    t->waiting = &w;
    spin_unlock_irqrestore(&wq->lock, f);

    sched_sleep();

    f = spin_lock_irqsave(&wq->lock);
    dequeue(wq, &w);
    t->waiting = NULL;
    t->wake_at = 0;
    spin_unlock_irqrestore(&wq->lock, f);
    if (w.woken)
        return 0;
    if (t->timed_out)
        return -ETIMEDOUT;
    return signal_pending(t) ? -EINTR : 0;
}
