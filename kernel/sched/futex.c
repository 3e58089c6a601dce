#include "sched/futex.h"
#include <stddef.h>
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "mm/uaccess.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/signal.h"

#define NBUCKETS 256

struct futex_waiter {
    uint64_t key;
    uint32_t bitset;
    bool woken;
    struct thread *thread;
    struct futex_waiter *next;
};

struct bucket {
    spinlock_t lock;                 /* guards head */
    struct futex_waiter *head;
};

static struct bucket buckets[NBUCKETS];

static struct bucket *bucket_of(uint64_t key)
{
    return &buckets[(key >> 2) * 0x9E3779B97F4A7C15ull >> 56];
}

static void unlink(struct bucket *b, struct futex_waiter *w)
{
    for (struct futex_waiter **pp = &b->head; *pp; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            return;
        }
    }
}

int futex_wait(uint32_t *uaddr, uint32_t val, uint64_t deadline_ns, uint32_t bitset)
{
    uint64_t key = (uint64_t)uaddr;
    uint32_t cur;
    if (key & 3)
        return -EINVAL;
    if (bitset == 0)
        return -EINVAL;
    struct thread *t = current_thread();
    struct futex_waiter w = { key, bitset, false, t, NULL };
    struct bucket *b = bucket_of(key);
    /* Fault the word in before taking the lock. */
    if (get_user(cur, uaddr))
        return -EFAULT;
    uint64_t f = spin_lock_irqsave(&b->lock);
    if (get_user(cur, uaddr)) {
        spin_unlock_irqrestore(&b->lock, f);
        return -EFAULT;
    }
    if (cur != val) {
        spin_unlock_irqrestore(&b->lock, f);
        return -EAGAIN;
    }
    if (signal_pending(t)) {
        spin_unlock_irqrestore(&b->lock, f);
        return -EINTR;
    }
    struct futex_waiter **tail = &b->head;      /* FIFO: the oldest is woken first */
    while (*tail)
        tail = &(*tail)->next;
    *tail = &w;
    t->state = THREAD_SLEEPING;
    t->wake_at = deadline_ns;
    t->timed_out = false;
    /* Interrupts stay off until we are off the CPU, so a wake from an
     * interrupt handler cannot slip in between. */
    __atomic_store_n(&b->lock.locked, 0, __ATOMIC_RELEASE);
    sched_sleep();
    b = bucket_of(w.key);                       /* a requeue may have moved us */
    spin_lock_irqsave(&b->lock);
    if (!w.woken)
        unlink(b, &w);
    t->wake_at = 0;
    spin_unlock_irqrestore(&b->lock, f);
    if (w.woken)
        return 0;
    return t->timed_out ? -ETIMEDOUT : -EINTR;
}

int futex_wake(uint32_t *uaddr, int n, uint32_t bitset)
{
    uint64_t key = (uint64_t)uaddr;
    if (bitset == 0)
        return -EINVAL;
    struct bucket *b = bucket_of(key);
    int woken = 0;
    uint64_t f = spin_lock_irqsave(&b->lock);
    for (struct futex_waiter **pp = &b->head; *pp && woken < n;) {
        struct futex_waiter *w = *pp;
        if (w->key != key || !(w->bitset & bitset)) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        w->woken = true;
        sched_wakeup(w->thread);
        woken++;
    }
    spin_unlock_irqrestore(&b->lock, f);
    return woken;
}

int futex_requeue(uint32_t *uaddr, int n, int nrequeue, uint32_t *uaddr2)
{
    int woken = futex_wake(uaddr, n, ~0u);
    uint64_t key = (uint64_t)uaddr, key2 = (uint64_t)uaddr2;
    struct bucket *b = bucket_of(key), *b2 = bucket_of(key2);
    int moved = 0;
    uint64_t f = spin_lock_irqsave(&b->lock);
    if (b2 != b)
        while (__atomic_exchange_n(&b2->lock.locked, 1, __ATOMIC_ACQUIRE))
            cpu_relax();
    for (struct futex_waiter **pp = &b->head; *pp && moved < nrequeue;) {
        struct futex_waiter *w = *pp;
        if (w->key != key) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        w->key = key2;
        w->next = NULL;
        struct futex_waiter **tail = &b2->head;
        while (*tail)
            tail = &(*tail)->next;
        *tail = w;
        moved++;
    }
    if (b2 != b)
        __atomic_store_n(&b2->lock.locked, 0, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&b->lock, f);
    return woken + moved;
}
