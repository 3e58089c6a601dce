/* FUTEX_WAKE counts: waiters blocked in FUTEX_WAIT on one word are woken
 * oldest first (the waiters are numbered in the order they went to sleep), as many as asked (a count of 0 or less still wakes one, as
 * Linux does); a wake with nobody waiting returns 0; private and shared
 * futexes on the same word are different futexes. */
#include "futex_waiters.h"

static int word, other;

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
    futex_waiter_woke(w->id);
    return NULL;
}

/* Starts a waiter and returns once it sleeps in the kernel. */
static void start(struct waiter *w, int id, int op)
{
    w->id = id;
    w->op = op;
    futex_start_waiter(&w->th, wait_fn, w, &word, (op & FUTEX_PRIVATE_FLAG) != 0);
}

/* Wakes, then waits until the woken ones ran. */
static long wake(int *u, int op, int n)
{
    long r = syscall(SYS_futex, u, op, n, NULL, NULL, 0);
    futex_settle(r > 0 ? (int)r : 0);
    return r;
}

static void show_order(const char *what)
{
    printf("%s: woken so far:", what);
    futex_print_woken();
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
    futex_check_all_counted();
    return 0;
}
