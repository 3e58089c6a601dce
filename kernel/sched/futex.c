#include "sched/futex.h"
#include <stddef.h>
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/signal.h"

#define NBUCKETS 256
#define KEY_SHARED 1ul        /* in the key's low bit: words are 4-aligned */

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

/* The key of a futex word, as Linux's get_futex_key: 0 or -errno. A
 * private key is the address alone, never looked at (a wake on an
 * unmapped private word finds nobody). A shared key needs the page: it
 * must be readable, and writable when it is private anonymous memory
 * (Linux refuses a read-only anonymous page: it may be the zero page). */
static int futex_key(uint32_t *uaddr, bool shared, uint64_t *key)
{
    uint64_t a = (uint64_t)uaddr;
    if (a & 3)
        return -EINVAL;
    if (!user_range_ok(uaddr, sizeof(uint32_t)))
        return -EFAULT;
    *key = a | (shared ? KEY_SHARED : 0);
    if (!shared)
        return 0;
    uint32_t v;
    if (get_user(v, uaddr))          /* faults the page in */
        return -EFAULT;
    struct mm *mm = current_proc()->mm;
    uint64_t f = spin_lock_irqsave(&mm->lock);
    struct vma *vma = vma_find(&mm->vmas, a);
    bool ok = vma && (vma->prot & PROT_READ) &&
              (vma->file || (vma->flags & VMA_SHARED) || (vma->prot & PROT_WRITE));
    spin_unlock_irqrestore(&mm->lock, f);
    return ok ? 0 : -EFAULT;
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

static void append(struct bucket *b, struct futex_waiter *w)
{
    struct futex_waiter **tail = &b->head;      /* FIFO: the oldest is woken first */
    while (*tail)
        tail = &(*tail)->next;
    w->next = NULL;
    *tail = w;
}

/* Takes two bucket locks; interrupts stay off from the first. */
static uint64_t lock_two(struct bucket *b, struct bucket *b2)
{
    uint64_t f = spin_lock_irqsave(&b->lock);
    if (b2 != b)
        while (__atomic_exchange_n(&b2->lock.locked, 1, __ATOMIC_ACQUIRE))
            cpu_relax();
    return f;
}

static void unlock_two(struct bucket *b, struct bucket *b2, uint64_t f)
{
    if (b2 != b)
        __atomic_store_n(&b2->lock.locked, 0, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&b->lock, f);
}

/* A wait ended by a signal. Linux restarts a timed wait through a restart
 * block only when no handler runs; here one always does (ignored signals
 * wake nobody), and then it is -EINTR. An untimed one restarts under
 * SA_RESTART. */
static int interrupted(uint64_t deadline_ns)
{
    return deadline_ns ? -EINTR : -ERESTARTSYS;
}

int futex_wait(uint32_t *uaddr, bool shared, uint32_t val, uint64_t deadline_ns, uint32_t bitset)
{
    uint64_t key;
    uint32_t cur;
    if (bitset == 0)
        return -EINVAL;
    int r = futex_key(uaddr, shared, &key);
    if (r)
        return r;
    struct thread *t = current_thread();
    struct futex_waiter w = { key, bitset, false, t, NULL };
    for (;;) {
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
            return interrupted(deadline_ns);
        }
        w.key = key;
        w.woken = false;
        append(b, &w);
        t->state = THREAD_SLEEPING;
        t->wake_at = deadline_ns;
        t->timed_out = false;
        /* Interrupts stay off until we are off the CPU, so a wake from an
         * interrupt handler cannot slip in between. */
        __atomic_store_n(&b->lock.locked, 0, __ATOMIC_RELEASE);
        sched_sleep();
        b = bucket_of(w.key);                   /* a requeue may have moved us */
        spin_lock_irqsave(&b->lock);
        if (!w.woken)
            unlink(b, &w);
        t->wake_at = 0;
        spin_unlock_irqrestore(&b->lock, f);
        if (w.woken)
            return 0;
        if (t->timed_out)
            return -ETIMEDOUT;
        if (signal_pending(t))
            return interrupted(deadline_ns);
        /* A spurious wake (another thread took the process-directed
         * signal that woke us): wait again, as Linux. */
    }
}

/* Wakes up to n (at least one, as Linux's ++woken >= n) of key's waiters
 * whose bitset meets bitset. Bucket lock held. */
static int wake_locked(struct bucket *b, uint64_t key, int n, uint32_t bitset)
{
    int woken = 0;
    for (struct futex_waiter **pp = &b->head; *pp;) {
        struct futex_waiter *w = *pp;
        if (w->key != key || !(w->bitset & bitset)) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        w->woken = true;
        sched_wakeup(w->thread);
        if (++woken >= n)
            break;
    }
    return woken;
}

int futex_wake(uint32_t *uaddr, bool shared, int n, uint32_t bitset)
{
    uint64_t key;
    if (bitset == 0)
        return -EINVAL;
    int r = futex_key(uaddr, shared, &key);
    if (r)
        return r;
    struct bucket *b = bucket_of(key);
    uint64_t f = spin_lock_irqsave(&b->lock);
    int woken = wake_locked(b, key, n, bitset);
    spin_unlock_irqrestore(&b->lock, f);
    return woken;
}

int futex_requeue(uint32_t *uaddr, uint32_t *uaddr2, bool shared, int nwake, int nrequeue,
                  const uint32_t *cmpval)
{
    uint64_t key, key2;
    uint32_t cur;
    if (nwake < 0 || nrequeue < 0)
        return -EINVAL;
    int r = futex_key(uaddr, shared, &key);
    if (r || (r = futex_key(uaddr2, shared, &key2)))
        return r;
    if (cmpval && get_user(cur, uaddr))          /* fault it in before the locks */
        return -EFAULT;
    struct bucket *b = bucket_of(key), *b2 = bucket_of(key2);
    uint64_t f = lock_two(b, b2);
    if (cmpval) {
        r = get_user(cur, uaddr) ? -EFAULT : cur != *cmpval ? -EAGAIN : 0;
        if (r) {
            unlock_two(b, b2, f);
            return r;
        }
    }
    /* One pass, oldest first, as Linux: the first nwake are woken, the
     * next nrequeue move to the tail of key2's queue. Onto the same key,
     * a waiter just stays (and is counted once). */
    int count = 0;
    struct futex_waiter *moved = NULL, **moved_tail = &moved;
    for (struct futex_waiter **pp = &b->head; *pp && count - nwake < nrequeue;) {
        struct futex_waiter *w = *pp;
        if (w->key != key) {
            pp = &w->next;
            continue;
        }
        if (++count <= nwake) {
            *pp = w->next;
            w->woken = true;
            sched_wakeup(w->thread);
        } else if (key2 == key) {
            pp = &w->next;
        } else {
            *pp = w->next;
            w->key = key2;
            w->next = NULL;
            *moved_tail = w;
            moved_tail = &w->next;
        }
    }
    /* Appended after the pass, so that moving within one bucket cannot
     * meet the moved waiters again. */
    while (moved) {
        struct futex_waiter *w = moved;
        moved = w->next;
        append(b2, w);
    }
    unlock_two(b, b2, f);
    return count;
}

int futex_wake_op(uint32_t *uaddr, uint32_t *uaddr2, bool shared, int nwake, int nwake2, uint32_t op)
{
    uint64_t key, key2;
    int r = futex_key(uaddr, shared, &key);
    if (r || (r = futex_key(uaddr2, shared, &key2)))
        return r;
    /* The fields, as Linux: 3-bit op, 4-bit cmp, and 12-bit signed oparg
     * and cmparg; with FUTEX_OP_OPARG_SHIFT, oparg is a bit number. */
    uint32_t kind = (op >> 28) & 7, cmp = (op >> 24) & 15;
    int32_t oparg = (int32_t)(op << 8) >> 20, cmparg = (int32_t)(op << 20) >> 20;
    if (op & (8u << 28))
        oparg = (int32_t)(1u << (oparg & 31));
    uint32_t old, nv;
    if (kind > 4)                                /* before the word is touched */
        return -ENOSYS;
    if (get_user(old, uaddr2))                   /* fault it in before the locks */
        return -EFAULT;
    struct bucket *b = bucket_of(key), *b2 = bucket_of(key2);
    uint64_t f = lock_two(b, b2);
    if (get_user(old, uaddr2)) {
        r = -EFAULT;
        goto out;
    }
    switch (kind) {
    case 0: nv = (uint32_t)oparg; break;          /* SET */
    case 1: nv = old + (uint32_t)oparg; break;    /* ADD */
    case 2: nv = old | (uint32_t)oparg; break;    /* OR */
    case 3: nv = old & ~(uint32_t)oparg; break;   /* ANDN */
    default: nv = old ^ (uint32_t)oparg; break;   /* XOR */
    }
    if (put_user(nv, uaddr2)) {
        r = -EFAULT;
        goto out;
    }
    int32_t o = (int32_t)old;
    bool hit;
    switch (cmp) {
    case 0: hit = o == cmparg; break;
    case 1: hit = o != cmparg; break;
    case 2: hit = o < cmparg; break;
    case 3: hit = o <= cmparg; break;
    case 4: hit = o > cmparg; break;
    case 5: hit = o >= cmparg; break;
    default: r = -ENOSYS; goto out;              /* after the operation, as Linux */
    }
    r = wake_locked(b, key, nwake, ~0u);
    if (hit)
        r += wake_locked(b2, key2, nwake2, ~0u);
out:
    unlock_two(b, b2, f);
    return r;
}
