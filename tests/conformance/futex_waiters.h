/*
 * Threads asleep in FUTEX_WAIT, for the futex conformance programs: a
 * waiter is started only once the one before it sleeps in the kernel (so
 * they queue in a known order), and after each wake the program waits
 * until the threads it woke have run, so what it prints does not depend
 * on timing.
 */
#ifndef FUTEX_WAITERS_H
#define FUTEX_WAITERS_H

#include "conf.h"
#include <linux/futex.h>
#include <pthread.h>

/* woken[id]: waiter id's FUTEX_WAIT has returned; nwoken counts those;
 * expected is how many the wakes so far said they woke. */
static int woken[16], nwoken, expected;

/* How many threads sleep on w: a FUTEX_REQUEUE of w onto itself wakes
 * none (nr_wake 0), leaves them where they are and counts them. */
__attribute__((unused)) static long futex_sleepers(int *w, int private)
{
    return syscall(SYS_futex, w, private ? FUTEX_REQUEUE_PRIVATE : FUTEX_REQUEUE, 0, 0x7fffffff, w, 0);
}

/* Starts fn(arg), a thread that goes to sleep on w, and returns once it
 * does (up to 10 s). */
__attribute__((unused)) static void futex_start_waiter(pthread_t *th, void *(*fn)(void *), void *arg, int *w,
                                                       int private)
{
    long before = futex_sleepers(w, private);
    pthread_create(th, NULL, fn, arg);
    for (int i = 0; i < 10000 && futex_sleepers(w, private) == before; i++)
        conf_sleep_ms(1);
}

/* Waiter id's FUTEX_WAIT has returned. */
__attribute__((unused)) static void futex_waiter_woke(int id)
{
    __atomic_store_n(&woken[id], 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&nwoken, 1, __ATOMIC_SEQ_CST);
}

/* A wake said it woke n: waits (up to 10 s) until that many more waiters
 * have run, then a little longer, so that one woken too many shows too. */
__attribute__((unused)) static void futex_settle(int n)
{
    expected += n;
    for (int i = 0; i < 10000 && __atomic_load_n(&nwoken, __ATOMIC_SEQ_CST) < expected; i++)
        conf_sleep_ms(1);
    conf_sleep_ms(10);
}

/* " 0 3 5\n": the waiters woken so far. */
__attribute__((unused)) static void futex_print_woken(void)
{
    for (int i = 0; i < 16; i++)
        if (__atomic_load_n(&woken[i], __ATOMIC_SEQ_CST))
            printf(" %d", i);
    printf("\n");
}

#endif
