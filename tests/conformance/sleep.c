/* nanosleep and clock_nanosleep: sleeps at least as long as asked, errors. */
#include "conf.h"
#include <sched.h>
#include <time.h>

static long long now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    long long t0 = now(CLOCK_MONOTONIC);
    struct timespec req = {0, 50000000}, rem = {-1, -1};
    CHECK_RET("nanosleep 50 ms", nanosleep(&req, &rem), 0);
    long long d = now(CLOCK_MONOTONIC) - t0;
    conf_check_waited("it slept", d, 50);

    t0 = now(CLOCK_MONOTONIC);
    req = (struct timespec){0, 20000000};
    CHECK_RETERR("clock_nanosleep MONOTONIC relative 20 ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
    d = now(CLOCK_MONOTONIC) - t0;
    conf_check_waited("it slept", d, 20);

    /* absolute deadline 30 ms ahead */
    struct timespec dl;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    t0 = dl.tv_sec * 1000000000LL + dl.tv_nsec;
    dl.tv_nsec += 30000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    CHECK_RETERR("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL), 0);
    d = now(CLOCK_MONOTONIC) - t0;
    conf_check_waited("it slept until the deadline", d, 30);

    /* a deadline in the past returns at once */
    struct timespec past = {0, 1};
    t0 = now(CLOCK_MONOTONIC);
    CHECK_RETERR("deadline in the past", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL), 0);
    CHECK("past deadline returns quickly", now(CLOCK_MONOTONIC) - t0 < 1000000000LL);

    /* REALTIME relative sleep */
    req = (struct timespec){0, 10000000};
    t0 = now(CLOCK_MONOTONIC);
    CHECK_RETERR("clock_nanosleep REALTIME 10 ms", clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL), 0);
    conf_check_waited("it slept", now(CLOCK_MONOTONIC) - t0, 10);

    /* zero sleeps */
    req = (struct timespec){0, 0};
    CHECK_RET("nanosleep 0", nanosleep(&req, NULL), 0);
    CHECK_RET("sched_yield", sched_yield(), 0);

    /* errors */
    req = (struct timespec){0, 1000000000};
    CHECK_ERRNO("nanosleep tv_nsec = 1e9", nanosleep(&req, NULL), EINVAL);
    req = (struct timespec){0, -1};
    CHECK_ERRNO("nanosleep tv_nsec = -1", nanosleep(&req, NULL), EINVAL);
    req = (struct timespec){-1, 0};
    CHECK_ERRNO("nanosleep tv_sec = -1", nanosleep(&req, NULL), EINVAL);
    req = (struct timespec){0, 1000000000};
    CHECK_RETERR("clock_nanosleep bad nsec", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), EINVAL);
    req = (struct timespec){0, 1000};
    CHECK_RETERR("clock_nanosleep bad clock", clock_nanosleep(12345, 0, &req, NULL), EINVAL);
    CHECK_SYSCALL_ERRNO("raw clock_nanosleep tv_nsec = 2e9", EINVAL, SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &(struct timespec){0, 2000000000}, NULL);
    return 0;
}
