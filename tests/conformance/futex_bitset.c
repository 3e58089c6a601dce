/* FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET: a wake only finds waiters whose
 * bitset shares a bit with its own; plain FUTEX_WAIT and FUTEX_WAKE use
 * all bits. */
#include "futex_waiters.h"

static int word;

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
    futex_waiter_woke(w->id);
    return NULL;
}

static void start(struct waiter *w, int id, unsigned bits)
{
    w->id = id;
    w->bits = bits;
    futex_start_waiter(&w->th, wait_fn, w, &word, 1);
}

static void wake(const char *what, int op, int n, unsigned bits)
{
    long r = syscall(SYS_futex, &word, op, n, NULL, NULL, bits);
    futex_settle(r > 0 ? (int)r : 0);
    printf("%-36s -> %ld; woken so far:", what, r);
    futex_print_woken();
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
    futex_check_all_counted();
    return 0;
}
