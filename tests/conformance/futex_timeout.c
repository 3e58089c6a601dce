/* Raw FUTEX_WAIT timeouts: FUTEX_WAIT takes a relative timeout on the
 * monotonic clock, FUTEX_WAIT_BITSET an absolute one on CLOCK_MONOTONIC or,
 * with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME. Each ends with ETIMEDOUT no
 * earlier than asked; a value mismatch fails with EAGAIN at once. */
#include "conf.h"
#include <linux/futex.h>
#include <time.h>

static int word;

static long futex(int *u, int op, int val, const struct timespec *t, int *u2, int val3)
{
    return syscall(SYS_futex, u, op, val, t, u2, val3);
}

static long long now_ns(clockid_t c)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct timespec ts_of(long long ns)
{
    return (struct timespec){ns / 1000000000LL, ns % 1000000000LL};
}

#define MS 1000000LL

int main(void)
{
    CHECK_SYSCALL_ERRNO("WAIT with a different value: EAGAIN", EAGAIN, SYS_futex, &word, FUTEX_WAIT, 1, NULL, NULL, 0);
    CHECK_SYSCALL_ERRNO("WAIT_PRIVATE with a different value: EAGAIN", EAGAIN, SYS_futex, &word,
                        FUTEX_WAIT_PRIVATE, 5, NULL, NULL, 0);
    CHECK_SYSCALL_ERRNO("WAIT_BITSET with a different value: EAGAIN", EAGAIN, SYS_futex, &word,
                        FUTEX_WAIT_BITSET, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);

    /* relative, monotonic */
    struct timespec rel = {0, 60 * MS};
    long long t0 = now_ns(CLOCK_MONOTONIC);
    CHECK_ERRNO("WAIT 60 ms relative: ETIMEDOUT", futex(&word, FUTEX_WAIT, 0, &rel, NULL, 0), ETIMEDOUT);
    long long t1 = now_ns(CLOCK_MONOTONIC);
    conf_check_waited("  it waited", t1 - t0, 60);
    rel.tv_nsec = 30 * MS;
    t0 = now_ns(CLOCK_MONOTONIC);
    CHECK_ERRNO("WAIT_PRIVATE 30 ms relative: ETIMEDOUT", futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), ETIMEDOUT);
    t1 = now_ns(CLOCK_MONOTONIC);
    conf_check_waited("  it waited", t1 - t0, 30);

    struct timespec zero = {0, 0};
    CHECK_ERRNO("WAIT with a zero timeout: ETIMEDOUT", futex(&word, FUTEX_WAIT, 0, &zero, NULL, 0), ETIMEDOUT);
    CHECK_ERRNO("WAIT with a zero timeout, wrong value: EAGAIN", futex(&word, FUTEX_WAIT, 3, &zero, NULL, 0), EAGAIN);

    /* absolute, monotonic */
    long long dl = now_ns(CLOCK_MONOTONIC) + 60 * MS;
    struct timespec abs = ts_of(dl);
    CHECK_ERRNO("WAIT_BITSET until monotonic now+60 ms: ETIMEDOUT",
                futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    t1 = now_ns(CLOCK_MONOTONIC);
    CHECK("  monotonic clock past the deadline", t1 >= dl);
    CHECK("  returned within 2 s", t1 - dl < 2000 * MS);

    /* absolute, realtime */
    dl = now_ns(CLOCK_REALTIME) + 60 * MS;
    abs = ts_of(dl);
    CHECK_ERRNO("WAIT_BITSET|CLOCK_REALTIME until realtime now+60 ms: ETIMEDOUT",
                futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
                      FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    t1 = now_ns(CLOCK_REALTIME);
    CHECK("  realtime clock past the deadline", t1 >= dl);
    CHECK("  returned within 2 s", t1 - dl < 2000 * MS);

    /* the same deadline on the wrong clock: realtime seconds are far in the
     * monotonic future, monotonic ones long past on the realtime clock */
    abs = ts_of(now_ns(CLOCK_MONOTONIC) + 3000 * MS);
    t0 = now_ns(CLOCK_MONOTONIC);
    CHECK_ERRNO("WAIT_BITSET|CLOCK_REALTIME with a monotonic now+3 s: ETIMEDOUT at once",
                futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
                      FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    CHECK("  returned within 1 s", now_ns(CLOCK_MONOTONIC) - t0 < 1000 * MS);

    /* deadlines already past */
    abs = ts_of(now_ns(CLOCK_MONOTONIC) - 10 * MS);
    CHECK_ERRNO("WAIT_BITSET with a past monotonic deadline: ETIMEDOUT",
                futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    abs = ts_of(0);
    CHECK_ERRNO("WAIT_BITSET with deadline 0: ETIMEDOUT",
                futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);
    CHECK_ERRNO("past deadline, wrong value: EAGAIN",
                futex(&word, FUTEX_WAIT_BITSET, 9, &abs, NULL, FUTEX_BITSET_MATCH_ANY), EAGAIN);
    CHECK("the word is unchanged", word == 0);
    return 0;
}
