/* The timer queue: a sorted doubly-linked list. Few timers are armed at a
 * time (sleeping threads with a deadline, the process's timers), and the
 * tick only looks at the head. */
#include "sched/timerq.h"
#include <stddef.h>

void timerq_del(struct timerq *q, struct ktimer *kt)
{
    if (!kt->armed)
        return;
    if (kt->prev)
        kt->prev->next = kt->next;
    else
        q->head = kt->next;
    if (kt->next)
        kt->next->prev = kt->prev;
    kt->armed = false;
}

void timerq_add(struct timerq *q, struct ktimer *kt, uint64_t expires)
{
    timerq_del(q, kt);
    kt->expires = expires;
    struct ktimer *prev = NULL, *next = q->head;
    while (next && next->expires <= expires) {
        prev = next;
        next = next->next;
    }
    kt->prev = prev;
    kt->next = next;
    if (next)
        next->prev = kt;
    if (prev)
        prev->next = kt;
    else
        q->head = kt;
    kt->armed = true;
}

struct ktimer *timerq_pop(struct timerq *q, uint64_t now)
{
    struct ktimer *kt = q->head;
    if (!kt || kt->expires > now)
        return NULL;
    timerq_del(q, kt);
    return kt;
}

uint64_t timer_forward(uint64_t *expires, uint64_t interval, uint64_t now)
{
    uint64_t missed = (now - *expires) / interval;
    *expires += (missed + 1) * interval;
    return missed;
}
