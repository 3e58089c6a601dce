/* Futexes: threads sleep on a user word until another thread wakes it.
 * A futex is named by its key: the word's address, and whether it is the
 * private kind (FUTEX_PRIVATE_FLAG) or the process-shared one. Linux keys
 * a shared futex by its page, so a private and a shared futex on the same
 * word are different futexes; with one address space the address stands
 * in for the page. Counts follow Linux: a wake of n <= 0 still wakes one. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Sleeps if *uaddr == val, until woken (0) or the monotonic deadline
 * (-ETIMEDOUT; 0 = none). -EAGAIN if *uaddr != val, -EINVAL for a zero
 * bitset or a misaligned word, -EFAULT for a bad one. A signal ends it with
 * -ERESTARTSYS (restarted under SA_RESTART), or -EINTR when timed. */
int futex_wait(uint32_t *uaddr, bool shared, uint32_t val, uint64_t deadline_ns, uint32_t bitset);
/* Wakes up to n waiters on uaddr whose bitset meets bitset: how many. */
int futex_wake(uint32_t *uaddr, bool shared, int n, uint32_t bitset);
/* Wakes nwake waiters of uaddr and moves up to nrequeue of the rest to
 * uaddr2, oldest first: how many of both. With cmpval, first -EAGAIN
 * unless *uaddr == *cmpval. */
int futex_requeue(uint32_t *uaddr, uint32_t *uaddr2, bool shared, int nwake, int nrequeue,
                  const uint32_t *cmpval);
/* FUTEX_WAKE_OP: *uaddr2 = old OP oparg, wake nwake on uaddr and, if
 * old CMP cmparg, nwake2 on uaddr2. */
int futex_wake_op(uint32_t *uaddr, uint32_t *uaddr2, bool shared, int nwake, int nwake2, uint32_t op);
