/* alarm, setitimer and getitimer: the three interval timers signal the
 * process (SIGALRM for real time, SIGVTALRM for user time, SIGPROF for
 * CPU time), periodic ones again and again; old values, alarm's rounding,
 * errors. Times are checked against generous bounds, never printed. */
#include "conf.h"
#include <sys/time.h>
#include <time.h>

#define MS 1000000LL

static volatile sig_atomic_t alarms, vtalarms, profs, last_code = -1;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    last_code = si->si_code;
    if (sig == SIGALRM)
        alarms++;
    else if (sig == SIGVTALRM)
        vtalarms++;
    else
        profs++;
}

static long long now_ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long tv_ns(struct timeval tv)
{
    return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

static struct itimerval itv(long value_us, long interval_us)
{
    struct itimerval v = { { interval_us / 1000000, interval_us % 1000000 },
                           { value_us / 1000000, value_us % 1000000 } };
    return v;
}

/* Waits (sigsuspend, SIGALRM blocked otherwise) until *count reaches n or
 * 5 s pass since t0, the monotonic time before the timer was armed; the
 * nanoseconds since t0. */
static long long wait_alarms(volatile sig_atomic_t *count, int n, long long t0)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    while (*count < n && now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS) {
        struct itimerval guard;
        getitimer(ITIMER_REAL, &guard);
        if (!guard.it_value.tv_sec && !guard.it_value.tv_usec && *count < n)
            break;                      /* nothing will come */
        sigsuspend(&old);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return now_ns(CLOCK_MONOTONIC) - t0;
}

/* Spins in user mode until *count is set or 5 s of real time pass. */
static void spin_until(volatile sig_atomic_t *count)
{
    long long t0 = now_ns(CLOCK_MONOTONIC);
    volatile unsigned long x = 0;
    while (!*count && now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS)
        for (int i = 0; i < 100000; i++)
            x += i;
}

static void alarm_calls(void)
{
    CHECK_RET("alarm: none before", alarm(0), 0);
    CHECK_RET("alarm 5", alarm(5), 0);
    struct itimerval cur;
    CHECK_RET("getitimer REAL", getitimer(ITIMER_REAL, &cur), 0);
    CHECK("alarm shows in ITIMER_REAL", cur.it_value.tv_sec == 4 && tv_ns(cur.it_interval) == 0);
    CHECK_RET("alarm 0 returns the 5 s left, rounded", alarm(0), 5);
    CHECK_RET("disarmed", getitimer(ITIMER_REAL, &cur), 0);
    CHECK("nothing left", tv_ns(cur.it_value) == 0 && tv_ns(cur.it_interval) == 0);

    /* 0.3 s left: less than half a second, but all there is, counts as 1. */
    struct itimerval v = itv(300000, 0);
    setitimer(ITIMER_REAL, &v, NULL);
    CHECK_RET("a fraction of a second counts as one", alarm(0), 1);
    v = itv(2300000, 0);
    setitimer(ITIMER_REAL, &v, NULL);
    CHECK_RET("2.3 s rounds down", alarm(0), 2);
}

static void real_timer(void)
{
    struct itimerval v = itv(30000, 0), old;
    alarms = 0;
    long long t0 = now_ns(CLOCK_MONOTONIC);
    CHECK_RET("setitimer REAL 30 ms", setitimer(ITIMER_REAL, &v, &old), 0);
    CHECK("no old value", tv_ns(old.it_value) == 0 && tv_ns(old.it_interval) == 0);
    long long took = wait_alarms(&alarms, 1, t0);
    CHECK("one SIGALRM", alarms == 1);
    conf_check_waited("  it came", took, 30);
    printf("si_code of SIGALRM: %d\n", (int)last_code);
    CHECK_RET("getitimer after it fired", getitimer(ITIMER_REAL, &old), 0);
    CHECK("a fired one-shot is disarmed", tv_ns(old.it_value) == 0);

    /* Periodic: 20 ms, five times. */
    alarms = 0;
    v = itv(20000, 20000);
    t0 = now_ns(CLOCK_MONOTONIC);
    setitimer(ITIMER_REAL, &v, NULL);
    took = wait_alarms(&alarms, 5, t0);
    CHECK("five periodic SIGALRMs", alarms >= 5);
    conf_check_waited("  the fifth came", took, 100);
    CHECK_RET("getitimer of a periodic timer", getitimer(ITIMER_REAL, &old), 0);
    CHECK("it runs on, its period kept",
          tv_ns(old.it_value) > 0 && tv_ns(old.it_value) <= 20 * MS && tv_ns(old.it_interval) == 20 * MS);
    v = itv(0, 0);
    CHECK_RET("disarm", setitimer(ITIMER_REAL, &v, &old), 0);
    CHECK("old value: the period", tv_ns(old.it_interval) == 20 * MS);
    int seen = alarms;
    struct timespec pause_ts = { 0, 60 * MS };
    nanosleep(&pause_ts, NULL);
    CHECK("no SIGALRM after disarming", alarms == seen);

    /* The old value is what was left. */
    v = itv(10000000, 1500000);
    setitimer(ITIMER_REAL, &v, NULL);
    v = itv(0, 0);
    setitimer(ITIMER_REAL, &v, &old);
    CHECK("old: 10 s less a little", tv_ns(old.it_value) > 9000 * MS && tv_ns(old.it_value) <= 10000 * MS);
    CHECK("old: its period", tv_ns(old.it_interval) == 1500 * MS);
    /* A NULL new value disarms too. */
    v = itv(10000000, 0);
    setitimer(ITIMER_REAL, &v, NULL);
    CHECK_RET("setitimer NULL", syscall(SYS_setitimer, ITIMER_REAL, NULL, &old), 0);
    CHECK("returned the old", old.it_value.tv_sec == 9);
    getitimer(ITIMER_REAL, &old);
    CHECK("and disarmed", tv_ns(old.it_value) == 0);
}

/* The process used at least ms of CPU time since cpu0, and less than 3 s
 * more: ITIMER_VIRTUAL and ITIMER_PROF count CPU time a tick at a time
 * (Linux's too), so they may fire a little before the precise clock has
 * reached their value; a timer that never fires stops the spin after 5 s. */
static void cpu_time_used(const char *what, long long cpu0, long ms)
{
    long long used = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    CHECK(what, used >= ms * MS && used < (ms + CONF_LATE_MS) * MS);
}

static void cpu_timers(void)
{
    struct itimerval v = itv(50000, 0), cur;
    long long cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    CHECK_RET("setitimer VIRTUAL 50 ms", setitimer(ITIMER_VIRTUAL, &v, NULL), 0);
    CHECK_RET("getitimer VIRTUAL", getitimer(ITIMER_VIRTUAL, &cur), 0);
    CHECK("armed", tv_ns(cur.it_value) > 0 && tv_ns(cur.it_value) <= 60 * MS);
    spin_until(&vtalarms);
    CHECK("SIGVTALRM after spinning", vtalarms == 1);
    cpu_time_used("after 30 ms of CPU time or more (50 asked, counted in ticks)", cpu0, 30);
    printf("si_code of SIGVTALRM: %d\n", (int)last_code);

    v = itv(30000, 30000);
    cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    CHECK_RET("setitimer PROF 30 ms periodic", setitimer(ITIMER_PROF, &v, NULL), 0);
    spin_until(&profs);
    int first = profs;
    volatile sig_atomic_t *p = &profs;
    long long t0 = now_ns(CLOCK_MONOTONIC);
    while (*p < 3 && now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS)
        ;
    CHECK("SIGPROF, again and again", first >= 1 && profs >= 3);
    cpu_time_used("after 60 ms of CPU time or more (90 asked, counted in ticks)", cpu0, 60);
    v = itv(0, 0);
    CHECK_RET("disarm PROF", setitimer(ITIMER_PROF, &v, &cur), 0);
    CHECK("its period", tv_ns(cur.it_interval) == 30 * MS);
}

static void errors(void)
{
    struct itimerval v = itv(1000, 0), cur;
    CHECK_ERRNO("setitimer which 3", setitimer(3, &v, NULL), EINVAL);
    CHECK_ERRNO("getitimer which -1", getitimer(-1, &cur), EINVAL);
    v.it_value.tv_usec = 1000000;
    CHECK_ERRNO("tv_usec 1000000", setitimer(ITIMER_REAL, &v, NULL), EINVAL);
    v = itv(1000, 0);
    v.it_interval.tv_usec = -1;
    CHECK_ERRNO("negative interval", setitimer(ITIMER_REAL, &v, NULL), EINVAL);
    v = itv(1000, 0);
    v.it_value.tv_sec = -1;
    CHECK_ERRNO("negative value", setitimer(ITIMER_REAL, &v, NULL), EINVAL);
    CHECK_SYSCALL_ERRNO("setitimer bad new", EFAULT, SYS_setitimer, ITIMER_REAL, (void *)8, NULL);
    CHECK_SYSCALL_ERRNO("getitimer bad pointer", EFAULT, SYS_getitimer, ITIMER_REAL, (void *)8);
    v = itv(10000000, 0);
    CHECK_SYSCALL_ERRNO("setitimer bad old", EFAULT, SYS_setitimer, ITIMER_REAL, &v, (void *)8);
    getitimer(ITIMER_REAL, &cur);
    CHECK("set despite the bad old pointer", cur.it_value.tv_sec == 9);
    alarm(0);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGVTALRM, &sa, NULL);
    sigaction(SIGPROF, &sa, NULL);
    alarm_calls();
    real_timer();
    cpu_timers();
    errors();
    return 0;
}
