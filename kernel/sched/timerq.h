/* A queue of kernel timers, soonest first. Pure bookkeeping, unit-tested
 * on the host: sched/timer.c locks it and calls the functions. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct ktimer {
    uint64_t expires;                 /* monotonic ns */
    /* Called from the tick with interrupts off and no timer lock held; it
     * may re-arm its timer (with a later deadline). */
    void (*fn)(struct ktimer *kt);
    struct ktimer *next, *prev;       /* the queue, while armed */
    bool armed;                       /* queued */
    bool running;                     /* fn is running (sched/timer.c) */
};

struct timerq {
    struct ktimer *head;              /* soonest */
};

/* Queues kt to expire at expires, behind the timers expiring then too;
 * an armed kt moves. */
void timerq_add(struct timerq *q, struct ktimer *kt, uint64_t expires);
/* Takes kt off the queue when it is there. */
void timerq_del(struct timerq *q, struct ktimer *kt);
/* The soonest timer, taken off the queue, when it expires at or before
 * now; else NULL. */
struct ktimer *timerq_pop(struct timerq *q, uint64_t now);

/* A periodic timer's next expiry after now (expires <= now): *expires
 * moves on by whole intervals; the periods it skipped are returned. */
uint64_t timer_forward(uint64_t *expires, uint64_t interval, uint64_t now);
