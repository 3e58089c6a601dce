/* FUTEX_WAKE_OP: atomically *uaddr2 = old OP oparg; wake up to nr_wake
 * waiters of uaddr; then, if (old CMP cmparg), up to nr_wake2 of uaddr2.
 * Every operation and comparison, the 12-bit signed arguments, the shift
 * flag, the return counts and the invalid encodings (ENOSYS). */
#include "futex_waiters.h"

static int w1, w2;

static void *wait_fn(void *arg)
{
    long r = syscall(SYS_futex, arg, FUTEX_WAIT_PRIVATE, *(int *)arg, NULL, NULL, 0);
    return (void *)r;
}

/* Starts a thread waiting on word; returns once it sleeps in the kernel. */
static pthread_t start(int *word)
{
    pthread_t t;
    futex_start_waiter(&t, wait_fn, word, word, 1);
    return t;
}

static long wake_op(int n1, int n2, unsigned op)
{
    long r = syscall(SYS_futex, &w1, FUTEX_WAKE_OP_PRIVATE, n1, (long)n2, &w2, op);
    return r < 0 ? -errno : r;
}

static void try(const char *what, int before, unsigned op)
{
    w2 = before;
    long r = wake_op(1, 1, op);
    printf("%-34s old %11d -> new %11d, returned %ld\n", what, before, w2, r);
}

/* FUTEX_OP with the raw 12-bit fields */
#define OP(op, oparg, cmp, cmparg) \
    ((((unsigned)(op) & 0xf) << 28) | (((unsigned)(cmp) & 0xf) << 24) | \
     (((unsigned)(oparg) & 0xfff) << 12) | ((unsigned)(cmparg) & 0xfff))

int main(void)
{
    printf("operations (no waiters):\n");
    try("SET 5", 100, OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0));
    try("ADD 5", 100, OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0));
    try("ADD -1 (0xfff)", 100, OP(FUTEX_OP_ADD, 0xfff, FUTEX_OP_CMP_EQ, 0));
    try("ADD -2048 (0x800)", 100, OP(FUTEX_OP_ADD, 0x800, FUTEX_OP_CMP_EQ, 0));
    try("SET -1", 100, OP(FUTEX_OP_SET, 0xfff, FUTEX_OP_CMP_EQ, 0));
    try("SET 2047", 100, OP(FUTEX_OP_SET, 0x7ff, FUTEX_OP_CMP_EQ, 0));
    try("OR 0xf0", 0x0f, OP(FUTEX_OP_OR, 0xf0, FUTEX_OP_CMP_EQ, 0));
    try("ANDN 0x3", 0xff, OP(FUTEX_OP_ANDN, 0x3, FUTEX_OP_CMP_EQ, 0));
    try("XOR 0x5a5", 0xfff, OP(FUTEX_OP_XOR, 0x5a5, FUTEX_OP_CMP_EQ, 0));
    try("SET 1<<4 (shift)", 0, OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 0));
    try("OR 1<<31 (shift)", 1, OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0));
    try("ADD 1<<(40&31) (shift, masked)", 0, OP(FUTEX_OP_ADD | FUTEX_OP_OPARG_SHIFT, 40, FUTEX_OP_CMP_EQ, 0));
    try("op 5 (invalid)", 100, OP(5, 1, FUTEX_OP_CMP_EQ, 0));
    try("op 7 (invalid)", 100, OP(7, 1, FUTEX_OP_CMP_EQ, 0));
    try("cmp 6 (invalid, op done)", 100, OP(FUTEX_OP_ADD, 1, 6, 0));
    try("cmp 15 (invalid, op done)", 100, OP(FUTEX_OP_ADD, 1, 15, 0));

    /* the comparisons, each with one waiter on each word: the return
     * value counts 1 (w1) + 1 if the comparison held (w2) */
    printf("comparisons (old value 10, one waiter on each word):\n");
    static const struct { const char *name; int cmp, arg; } cmps[] = {
        {"EQ 10", FUTEX_OP_CMP_EQ, 10}, {"EQ 11", FUTEX_OP_CMP_EQ, 11},
        {"NE 10", FUTEX_OP_CMP_NE, 10}, {"NE 9", FUTEX_OP_CMP_NE, 9},
        {"LT 11", FUTEX_OP_CMP_LT, 11}, {"LT 10", FUTEX_OP_CMP_LT, 10},
        {"LE 10", FUTEX_OP_CMP_LE, 10}, {"LE 9", FUTEX_OP_CMP_LE, 9},
        {"GT 9", FUTEX_OP_CMP_GT, 9}, {"GT 10", FUTEX_OP_CMP_GT, 10},
        {"GE 10", FUTEX_OP_CMP_GE, 10}, {"GE 11", FUTEX_OP_CMP_GE, 11},
        {"GT -1 (0xfff)", FUTEX_OP_CMP_GT, 0xfff}, {"LT 2047", FUTEX_OP_CMP_LT, 0x7ff},
    };
    for (unsigned i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        w1 = 0;
        w2 = 10;
        pthread_t t1 = start(&w1);
        pthread_t t2 = start(&w2);
        long r = wake_op(1, 1, OP(FUTEX_OP_SET, 10, cmps[i].cmp, cmps[i].arg));
        long r2 = syscall(SYS_futex, &w2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        pthread_join(t1, NULL);
        pthread_join(t2, NULL);
        printf("  %-14s returned %ld (w2 waiter left for a plain wake: %ld)\n", cmps[i].name, r, r2);
    }

    /* negative old values compare signed */
    w2 = -5;
    printf("old -5, GT 0: returned %ld\n", wake_op(1, 1, OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 0)));
    w2 = -5;
    printf("old -5, LT 0: returned %ld (no waiters)\n", wake_op(1, 1, OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_LT, 0)));

    /* the counts: 3 waiters on each word */
    printf("counts (3 waiters on each word):\n");
    pthread_t t[6];
    w1 = 0;
    w2 = 0;
    for (int i = 0; i < 3; i++)
        t[i] = start(&w1);
    for (int i = 3; i < 6; i++)
        t[i] = start(&w2);
    printf("  nr_wake 2, nr_wake2 1, cmp holds: %ld\n", wake_op(2, 1, OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)));
    printf("  nr_wake 0, nr_wake2 0, cmp holds: %ld (0 still wakes one)\n",
           wake_op(0, 0, OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 1)));
    printf("  nr_wake 5, nr_wake2 5, cmp fails: %ld\n", wake_op(5, 5, OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)));
    printf("  nr_wake 5, nr_wake2 5, cmp holds: %ld\n", wake_op(5, 5, OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 3)));
    printf("  w2 now %d\n", w2);
    for (int i = 0; i < 6; i++)
        pthread_join(t[i], NULL);
    /* the same word twice */
    w1 = 0;
    pthread_t s = start(&w1);
    long r = syscall(SYS_futex, &w1, FUTEX_WAKE_OP_PRIVATE, 1, 1L, &w1, OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
    pthread_join(s, NULL);
    printf("uaddr == uaddr2, one waiter: returned %ld, word %d\n", r, w1);
    return 0;
}
