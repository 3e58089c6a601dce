/* FUTEX_WAKE counts: waiters blocked in FUTEX_WAIT on one word are woken
 * oldest first (the waiters are numbered in the order they went to sleep), as many as asked (a count of 0 or less still wakes one, as
 * Linux does); a wake with nobody waiting returns 0; private and shared
 * futexes on the same word are different futexes. */
#include "conf.h"
#include <linux/futex.h>
#include <pthread.h>
#include <time.h>

static int word, other;
static int woken[16], nwoken, expected;

struct waiter {
    int id, op;
    long ret;
    int err;
    pthread_t th;
};

static void *wait_fn(void *arg)
{
    struct waiter *w = arg;
    w->ret = syscall(SYS_futex, &word, w->op, 0, NULL, NULL, 0);
    w->err = errno;
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

/* Starts a waiter and returns once it sleeps in the kernel. */
static void start(struct waiter *w, int id, int op)
{
    int priv = (op & FUTEX_PRIVATE_FLAG) != 0;
    long before = sleeping(&word, priv);
    w->id = id;
    w->op = op;
    pthread_create(&w->th, NULL, wait_fn, w);
    for (int i = 0; i < 10000 && sleeping(&word, priv) == before; i++)
        pause_ms(1);
}

/* Wakes, then waits until the woken ones ran. */
static long wake(int *u, int op, int n)
{
    long r = syscall(SYS_futex, u, op, n, NULL, NULL, 0);
    if (r > 0)
        expected += (int)r;
    wait_for(&nwoken, expected);
    pause_ms(10);
    return r;
}

static void show_order(const char *what)
{
    printf("%s: woken so far:", what);
    for (int i = 0; i < 16; i++)
        if (__atomic_load_n(&woken[i], __ATOMIC_SEQ_CST))
            printf(" %d", i);
    printf("\n");
}

int main(void)
{
    struct waiter w[12];
    printf("WAKE with no waiters: %ld\n", wake(&word, FUTEX_WAKE, 1));
    printf("WAKE_PRIVATE with no waiters: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 100));

    for (int i = 0; i < 6; i++)
        start(&w[i], i, FUTEX_WAIT_PRIVATE);
    printf("WAKE another word: %ld\n", wake(&other, FUTEX_WAKE_PRIVATE, 10));
    printf("WAKE 2: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 2));
    show_order("after WAKE 2");
    printf("WAKE 1: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 1));
    show_order("after WAKE 1");
    printf("WAKE 0: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 0));
    show_order("after WAKE 0");
    printf("WAKE -1: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, -1));
    show_order("after WAKE -1");
    printf("WAKE INT_MAX: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 0x7fffffff));
    show_order("after WAKE INT_MAX");
    printf("WAKE again: %ld\n", wake(&word, FUTEX_WAKE_PRIVATE, 0x7fffffff));

    /* private and shared keys differ, even on the same word */
    start(&w[6], 6, FUTEX_WAIT);
    start(&w[7], 7, FUTEX_WAIT_PRIVATE);
    printf("WAKE_PRIVATE with one shared and one private waiter: %ld\n",
           wake(&word, FUTEX_WAKE_PRIVATE, 10));
    show_order("private wake");
    printf("WAKE (shared): %ld\n", wake(&word, FUTEX_WAKE, 10));
    show_order("shared wake");

    /* the waiter sees 0 from FUTEX_WAIT */
    for (int i = 0; i < 8; i++)
        pthread_join(w[i].th, NULL);
    int all_zero = 1;
    for (int i = 0; i < 8; i++)
        if (w[i].ret != 0)
            all_zero = 0;
    CHECK("every FUTEX_WAIT returned 0", all_zero);
    return 0;
}
