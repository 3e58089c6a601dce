/* A POSIX timer holds one of RLIMIT_SIGPENDING's entries, for its signal,
 * from timer_create on (Linux preallocates it): with the soft limit 0,
 * timer_create fails with EAGAIN, whatever the timer's notification; a
 * timer made before still signals; the limit restored, timer_create works
 * again. The default limit depends on the memory (half of threads-max, as
 * Linux's), so only its shape is printed. */
#include "conf.h"
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

static struct sigevent event(int notify)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = notify;
    ev.sigev_signo = SIGRTMIN;
    return ev;
}

int main(void)
{
    struct rlimit def, zero;
    getrlimit(RLIMIT_SIGPENDING, &def);
    CHECK("default soft limit equals the hard limit", def.rlim_cur == def.rlim_max);
    CHECK("default limit finite and positive", def.rlim_cur > 0 && def.rlim_cur != RLIM_INFINITY);

    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    struct sigevent sig = event(SIGEV_SIGNAL), none = event(SIGEV_NONE);
    timer_t before, t;
    CHECK_RET("timer_create with the default limit", timer_create(CLOCK_MONOTONIC, &sig, &before), 0);

    zero = def;
    zero.rlim_cur = 0;
    CHECK_RET("setrlimit soft 0", setrlimit(RLIMIT_SIGPENDING, &zero), 0);
    CHECK_ERRNO("timer_create SIGEV_SIGNAL at the limit 0",
                timer_create(CLOCK_MONOTONIC, &sig, &t), EAGAIN);
    CHECK_ERRNO("timer_create SIGEV_NONE at the limit 0",
                timer_create(CLOCK_MONOTONIC, &none, &t), EAGAIN);
    CHECK_ERRNO("timer_create with no sigevent at the limit 0",
                timer_create(CLOCK_REALTIME, NULL, &t), EAGAIN);

    struct itimerspec soon = { .it_value = { 0, 1000000 } };
    CHECK_RET("arm the timer made before", timer_settime(before, 0, &soon, NULL), 0);
    siginfo_t si;
    CHECK_RET("its signal comes", sigwaitinfo(&rt, &si), SIGRTMIN);
    CHECK("with SI_TIMER", si.si_code == SI_TIMER);
    CHECK_RET("timer_delete it", timer_delete(before), 0);

    CHECK_RET("setrlimit back to the default", setrlimit(RLIMIT_SIGPENDING, &def), 0);
    CHECK_RET("timer_create works again", timer_create(CLOCK_MONOTONIC, &none, &t), 0);
    CHECK_RET("timer_delete", timer_delete(t), 0);
    return 0;
}
