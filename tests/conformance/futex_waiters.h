/*
 * Threads asleep in FUTEX_WAIT, for the futex conformance programs: a
 * waiter is started only once the one before it sleeps in the kernel (so
 * they queue in a known order), and after each wake the program waits
 * until the threads it woke have run and counts the ones still asleep, so
 * what it prints does not depend on timing.
 */
#ifndef FUTEX_WAITERS_H
#define FUTEX_WAITERS_H

#include "conf.h"
#include <linux/futex.h>
#include <pthread.h>

/* woken[id]: waiter id's FUTEX_WAIT has returned; nwoken counts those;
 * expected is how many the wakes so far said they woke; started is how
 * many waiters went to sleep. */
static int woken[16], nwoken, expected, started;

/* The futexes waiters sleep on (a word, private or shared), to count them. */
static struct { int *w; int private; } watched[4];
static int nwatched;

/* How many threads sleep on w: a FUTEX_REQUEUE of w onto itself wakes
 * none (nr_wake 0), leaves them where they are and counts them. */
__attribute__((unused)) static long futex_sleepers(int *w, int private)
{
    return syscall(SYS_futex, w, private ? FUTEX_REQUEUE_PRIVATE : FUTEX_REQUEUE, 0, 0x7fffffff, w, 0);
}

/* Waiters may sleep on w (also where a requeue moves them), which
 * futex_settle counts. */
__attribute__((unused)) static void futex_watch(int *w, int private)
{
    for (int i = 0; i < nwatched; i++)
        if (watched[i].w == w && watched[i].private == private)
            return;
    if (nwatched < 4) {
        watched[nwatched].w = w;
        watched[nwatched].private = private;
        nwatched++;
    }
}

/* Threads asleep on every watched futex. */
__attribute__((unused)) static long futex_sleepers_watched(void)
{
    long n = 0;
    for (int i = 0; i < nwatched; i++)
        n += futex_sleepers(watched[i].w, watched[i].private);
    return n;
}

/* Starts fn(arg), a thread that goes to sleep on w, and returns once it
 * does (up to 10 s). */
__attribute__((unused)) static void futex_start_waiter(pthread_t *th, void *(*fn)(void *), void *arg, int *w,
                                                       int private)
{
    futex_watch(w, private);
    long before = futex_sleepers(w, private);
    pthread_create(th, NULL, fn, arg);
    for (int i = 0; i < 10000 && futex_sleepers(w, private) == before; i++)
        conf_sleep_ms(1);
    started++;
}

/* Waiter id's FUTEX_WAIT has returned. */
__attribute__((unused)) static void futex_waiter_woke(int id)
{
    __atomic_store_n(&woken[id], 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&nwoken, 1, __ATOMIC_SEQ_CST);
}

/* A wake said it woke n: waits (up to 10 s) until that many more waiters
 * have run. One woken too many shows without waiting for it: a wake takes
 * the threads it wakes off the futex's queue before it returns, so the
 * queues must hold exactly the waiters no wake has counted (and a thread
 * woken but left queued shows as one returned too many, at the latest in
 * futex_check_all_counted). Prints a line only when they do not. */
__attribute__((unused)) static void futex_settle(int n)
{
    expected += n;
    for (int i = 0; i < 10000 && __atomic_load_n(&nwoken, __ATOMIC_SEQ_CST) < expected; i++)
        conf_sleep_ms(1);
    long asleep = futex_sleepers_watched();
    int returned = __atomic_load_n(&nwoken, __ATOMIC_SEQ_CST);
    if (asleep != started - expected || returned != expected)
        printf("futex_settle: %ld asleep and %d returned, want %d and %d\n", asleep, returned,
               started - expected, expected);
}

/* After every waiter was joined: each was woken by a wake that counted it. */
__attribute__((unused)) static void futex_check_all_counted(void)
{
    CHECK("the wakes counted every waiter, once", expected == started && nwoken == started);
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
