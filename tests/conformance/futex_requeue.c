/* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wake some waiters of one word and
 * move others, oldest first, to a second word, where a later wake finds
 * them; CMP_REQUEUE first compares the word (EAGAIN, nothing moved); a
 * requeue of a word onto itself just counts its waiters. */
#include "futex_waiters.h"

static int a, b;

struct waiter {
    int id;
    long ret;
    pthread_t th;
};

static void *wait_fn(void *arg)
{
    struct waiter *w = arg;
    w->ret = syscall(SYS_futex, &a, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    futex_waiter_woke(w->id);
    return NULL;
}

static void start(struct waiter *w, int id)
{
    w->id = id;
    futex_start_waiter(&w->th, wait_fn, w, &a, 1);
}

/* The call; then waits until the threads it woke ran. */
static long fx(int *u, int op, int n, long n2, int *u2, int v3, int wakes)
{
    long r = syscall(SYS_futex, u, op, n, n2, u2, v3);
    if (r < 0) {
        r = -errno;
        wakes = 0;
    } else if (wakes < 0) {
        wakes = (int)r;
    }
    futex_settle(wakes);
    return r;
}

static void show(const char *what, long r)
{
    printf("%-44s -> %ld; woken so far:", what, r);
    futex_print_woken();
}

int main(void)
{
    struct waiter w[8];
    futex_watch(&b, 1);             /* where requeues move them */
    for (int i = 0; i < 8; i++)
        start(&w[i], i);
    show("REQUEUE a->a (0 woken, up to 100)", fx(&a, FUTEX_REQUEUE_PRIVATE, 0, 100, &a, 0, 0));
    show("CMP_REQUEUE with a wrong value (-EAGAIN)", fx(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 100, &b, 1, 0));
    show("WAKE b (nobody there yet)", fx(&b, FUTEX_WAKE_PRIVATE, 100, 0, NULL, 0, -1));
    show("CMP_REQUEUE a->b: wake 1, move 2", fx(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &b, 0, 1));
    show("REQUEUE a->b: wake 0, move 1", fx(&a, FUTEX_REQUEUE_PRIVATE, 0, 1, &b, 0, 0));
    show("REQUEUE a->b: wake 1, move 0", fx(&a, FUTEX_REQUEUE_PRIVATE, 1, 0, &b, 0, 1));
    show("WAKE a 1", fx(&a, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0, -1));
    show("WAKE b 2 (the oldest moved)", fx(&b, FUTEX_WAKE_PRIVATE, 2, 0, NULL, 0, -1));
    show("CMP_REQUEUE b->a: wake 0, move all", fx(&b, FUTEX_CMP_REQUEUE_PRIVATE, 0, 0x7fffffff, &a, 0, 0));
    show("WAKE b", fx(&b, FUTEX_WAKE_PRIVATE, 100, 0, NULL, 0, -1));
    show("CMP_REQUEUE a->b: wake 2, move 100", fx(&a, FUTEX_CMP_REQUEUE_PRIVATE, 2, 100, &b, 0, 2));
    show("WAKE a", fx(&a, FUTEX_WAKE_PRIVATE, 100, 0, NULL, 0, -1));
    show("WAKE b", fx(&b, FUTEX_WAKE_PRIVATE, 100, 0, NULL, 0, -1));
    int zero = 1;
    for (int i = 0; i < 8; i++) {
        pthread_join(w[i].th, NULL);
        if (w[i].ret != 0)
            zero = 0;
    }
    CHECK("every FUTEX_WAIT returned 0", zero);
    futex_check_all_counted();
    return 0;
}
