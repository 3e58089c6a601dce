/* Futexes: threads sleep on a user address until another thread wakes
 * that address. Keyed by address: eggos runs one address space. */
#pragma once
#include <stdint.h>

/* Sleeps if *uaddr == val, until woken (0), the monotonic deadline
 * (-ETIMEDOUT; 0 = none), a signal (-EINTR); -EAGAIN if *uaddr != val. */
int futex_wait(uint32_t *uaddr, uint32_t val, uint64_t deadline_ns, uint32_t bitset);
/* Wakes up to n waiters on uaddr whose bitset meets bitset: how many. */
int futex_wake(uint32_t *uaddr, int n, uint32_t bitset);
/* Wakes n on uaddr and moves up to nrequeue of the rest to uaddr2. */
int futex_requeue(uint32_t *uaddr, int n, int nrequeue, uint32_t *uaddr2);
