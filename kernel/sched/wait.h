/* Wait queues: a thread sleeps until another (or an interrupt) wakes it. */
#pragma once
#include <stdint.h>
#include "lib/spinlock.h"

struct thread;

struct waiter {
    struct thread *thread;
    struct waiter *next, *prev;
    int woken;
    /* Set for a waiter that is no sleeping thread but a hook (a poller
     * waiting on many queues, an epoll watching a file): wake_up calls
     * it on every wake, with the queue's lock held and interrupts off,
     * passing the POLL* events the wake is about. */
    void (*func)(struct waiter *w, unsigned events);
};

struct waitq {
    spinlock_t lock;
    struct waiter *head;
};

#define WAITQ_INIT { SPINLOCK_INIT, 0 }
void waitq_init(struct waitq *wq);

/* Wakes every sleeper / the oldest one. Callable from interrupt handlers.
 * Hooks hear of every event. */
void wake_up(struct waitq *wq);
void wake_up_one(struct waitq *wq);
/* Wakes every sleeper; tells hooks that only `events` (POLL*) may have
 * happened, so a poller of other events sleeps on (0: no readiness
 * changed, only sleepers care). */
void wake_up_poll(struct waitq *wq, unsigned events);

/* Hooks w (its func set) on wq until waitq_remove: it stays across
 * wakes, so one thread can wait on many queues (fs/poll.c). */
void waitq_add(struct waitq *wq, struct waiter *w);
void waitq_remove(struct waitq *wq, struct waiter *w);

/* Sleeps on wq until woken, a signal is pending (-EINTR) or the monotonic
 * clock reaches deadline_ns (-ETIMEDOUT; 0 = no deadline). Returns 0 when
 * woken. The caller rechecks its condition: use WAIT_EVENT. */
int waitq_sleep(struct waitq *wq, uint64_t deadline_ns);

/* Sleeps until cond is true: 0, or -EINTR / -ETIMEDOUT. Interrupts are off
 * between the test and going to sleep, so a wake_up from an interrupt
 * handler cannot be lost. */
#define WAIT_EVENT_DEADLINE(wq, cond, deadline_ns) ({                   \
    int __r = 0;                                                        \
    for (;;) {                                                          \
        uint64_t __f = read_rflags();                                   \
        cli();                                                          \
        if (cond) { if (__f & RFLAGS_IF) sti(); break; }                \
        __r = waitq_sleep((wq), (deadline_ns));                         \
        if (__f & RFLAGS_IF) sti();                                     \
        if (__r) break;                                                 \
    }                                                                   \
    __r; })
#define WAIT_EVENT(wq, cond) WAIT_EVENT_DEADLINE(wq, cond, 0)
