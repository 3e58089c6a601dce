/* Many POSIX timers at once: each id names its own timer through the
 * growth of the kernel's table of them (ids count up from 0 in a fresh
 * process, as Linux's), deleted ones are gone (EINVAL) and the others
 * keep their settings, and the ids of deleted timers are not reused while
 * newer ones are free. */
#include "conf.h"
#include <time.h>

#define N 300

static timer_t ids[N];

static long long value_of(timer_t t)
{
    struct itimerspec cur;
    if (timer_gettime(t, &cur))
        return -1;
    return cur.it_interval.tv_sec;
}

int main(void)
{
    struct sigevent none;
    memset(&none, 0, sizeof none);
    none.sigev_notify = SIGEV_NONE;
    int made = 0, in_order = 1;
    for (int i = 0; i < N && timer_create(CLOCK_MONOTONIC, &none, &ids[i]) == 0; i++) {
        made++;
        in_order &= (long)ids[i] == i;
    }
    printf("timers made: %d\n", made);
    CHECK("ids 0 to 299 in order", in_order);
    /* each timer's period is its index in seconds: a mix-up shows */
    int set_ok = 1;
    for (int i = 0; i < N; i++) {
        struct itimerspec v = { .it_interval = { i + 1, 0 }, .it_value = { 1000, 0 } };
        set_ok &= timer_settime(ids[i], 0, &v, NULL) == 0;
    }
    CHECK("timer_settime on each", set_ok);
    int read_ok = 1;
    for (int i = 0; i < N; i++)
        read_ok &= value_of(ids[i]) == i + 1;
    CHECK("each reads back its own period", read_ok);
    int del_ok = 1;
    for (int i = 0; i < N; i += 2)
        del_ok &= timer_delete(ids[i]) == 0;
    CHECK("timer_delete of the even ones", del_ok);
    int gone = 1, kept = 1;
    for (int i = 0; i < N; i++) {
        errno = 0;
        if (i % 2 == 0)
            gone &= timer_getoverrun(ids[i]) == -1 && errno == EINVAL;
        else
            kept &= value_of(ids[i]) == i + 1;
    }
    CHECK("the deleted ones are EINVAL", gone);
    CHECK("the others keep their periods", kept);
    timer_t next;
    CHECK_RET("one more", timer_create(CLOCK_MONOTONIC, &none, &next), 0);
    printf("its id: %ld\n", (long)next);
    return 0;
}
