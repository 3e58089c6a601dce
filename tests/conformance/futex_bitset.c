/* FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET: a wake only finds waiters whose
 * bitset shares a bit with its own; plain FUTEX_WAIT and FUTEX_WAKE use
 * all bits. */
#include "conf.h"
#include <linux/futex.h>
#include <pthread.h>
#include <time.h>

static int word;
static int woken[8], nwoken, expected;

struct waiter {
    int id;
    unsigned bits;          /* 0: plain FUTEX_WAIT */
    long ret;
    pthread_t th;
};

static void *wait_fn(void *arg)
{
    struct waiter *w = arg;
    if (w->bits)
        w->ret = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, w->bits);
    else
        w->ret = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    __atomic_store_n(&woken[w->id], 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&nwoken, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void pause_ms(long ms)
{
    struct timespec d = {0, ms * 1000000};
    nanosleep(&d, NULL);
}


/* How many threads sleep on w: a FUTEX_REQUEUE of w onto itself wakes
 * none (nr_wake 0), leaves them where they are and counts them. */
static long sleeping(int *w, int op_private)
{
    return syscall(SYS_futex, w, op_private ? FUTEX_REQUEUE_PRIVATE : FUTEX_REQUEUE, 0, 0x7fffffff, w, 0);
}

/* Waits (up to 10 s) until *counter reaches want. */
static void wait_for(int *counter, int want)
{
    for (int i = 0; i < 10000 && __atomic_load_n(counter, __ATOMIC_SEQ_CST) < want; i++)
        pause_ms(1);
}

static void start(struct waiter *w, int id, unsigned bits)
{
    long before = sleeping(&word, 1);
    w->id = id;
    w->bits = bits;
    pthread_create(&w->th, NULL, wait_fn, w);
    for (int i = 0; i < 10000 && sleeping(&word, 1) == before; i++)
        pause_ms(1);
}

static void wake(const char *what, int op, int n, unsigned bits)
{
    long r = syscall(SYS_futex, &word, op, n, NULL, NULL, bits);
    if (r > 0)
        expected += (int)r;
    wait_for(&nwoken, expected);
    pause_ms(10);
    printf("%-36s -> %ld; woken so far:", what, r);
    for (int i = 0; i < 8; i++)
        if (__atomic_load_n(&woken[i], __ATOMIC_SEQ_CST))
            printf(" %d", i);
    printf("\n");
}

int main(void)
{
    struct waiter w[6];
    start(&w[0], 0, 0x1);
    start(&w[1], 1, 0x2);
    start(&w[2], 2, 0x6);
    start(&w[3], 3, 0x8);
    start(&w[4], 4, 0);           /* FUTEX_WAIT: all bits */
    start(&w[5], 5, 0x1);
    printf("waiters: 0:0x1 1:0x2 2:0x6 3:0x8 4:(WAIT) 5:0x1\n");
    wake("WAKE_BITSET 0x10, all", FUTEX_WAKE_BITSET_PRIVATE, 100, 0x10);
    wake("WAKE_BITSET 0x4, all", FUTEX_WAKE_BITSET_PRIVATE, 100, 0x4);
    wake("WAKE_BITSET 0x3, 1", FUTEX_WAKE_BITSET_PRIVATE, 1, 0x3);
    wake("WAKE_BITSET 0x1, 1", FUTEX_WAKE_BITSET_PRIVATE, 1, 0x1);
    wake("WAKE_BITSET 0x80000000, all", FUTEX_WAKE_BITSET_PRIVATE, 100, 0x80000000u);
    wake("WAKE 1 (all bits)", FUTEX_WAKE_PRIVATE, 1, 0);
    wake("WAKE_BITSET 0x8, all", FUTEX_WAKE_BITSET_PRIVATE, 100, 0x8);
    int zero = 1;
    for (int i = 0; i < 6; i++) {
        pthread_join(w[i].th, NULL);
        if (w[i].ret != 0)
            zero = 0;
    }
    CHECK("every wait returned 0", zero);
    return 0;
}
