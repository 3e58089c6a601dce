/* POSIX timers: timer_create on real-time and CPU-time clocks, signals
 * with SI_TIMER, the timer's id, si_value and the overrun count, to the
 * process or one thread (SIGEV_THREAD_ID, and glibc's SIGEV_THREAD over
 * it), SIGEV_NONE, TIMER_ABSTIME, periodic timers, old values, errors.
 * Times are checked against generous bounds, never printed. */
#include "conf.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#define MS 1000000LL
#define SIG_A (SIGRTMIN + 1)
#define SIG_B (SIGRTMIN + 2)

static long long now_ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct timespec ts_of(long long ns)
{
    struct timespec t = { ns / 1000000000LL, ns % 1000000000LL };
    return t;
}

static long long ns_of(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct itimerspec its(long long value, long long interval)
{
    struct itimerspec v = { ts_of(interval), ts_of(value) };
    return v;
}

/* The kernel's answers, not glibc's timer_t wrapping. */
static int k_create(clockid_t clock, struct sigevent *ev, int *id)
{
    return (int)syscall(SYS_timer_create, clock, ev, id);
}

static int k_settime(int id, int flags, const struct itimerspec *new, struct itimerspec *old)
{
    return (int)syscall(SYS_timer_settime, id, flags, new, old);
}

static int k_gettime(int id, struct itimerspec *cur)
{
    return (int)syscall(SYS_timer_gettime, id, cur);
}

static struct sigevent signal_event(int sig, int value)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = sig;
    ev.sigev_value.sival_int = value;
    return ev;
}

/* Waits up to 5 s for sig (blocked): its siginfo, or si_signo 0. */
static siginfo_t wait_for(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    struct timespec limit = { 5, 0 };
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (sigtimedwait(&set, &si, &limit) != sig)
        si.si_signo = 0;
    return si;
}

static void errors(void)
{
    struct sigevent ev = signal_event(SIG_A, 0);
    int id;
    CHECK_ERRNO("clock 100", k_create(100, &ev, &id), EINVAL);
    CHECK_ERRNO("CLOCK_MONOTONIC_RAW", k_create(CLOCK_MONOTONIC_RAW, &ev, &id), EOPNOTSUPP);
    CHECK_ERRNO("CLOCK_MONOTONIC_COARSE", k_create(CLOCK_MONOTONIC_COARSE, &ev, &id), EOPNOTSUPP);
    ev.sigev_notify = 99;
    CHECK_ERRNO("sigev_notify 99", k_create(CLOCK_MONOTONIC, &ev, &id), EINVAL);
    ev = signal_event(0, 0);
    CHECK_ERRNO("signal 0", k_create(CLOCK_MONOTONIC, &ev, &id), EINVAL);
    ev = signal_event(65, 0);
    CHECK_ERRNO("signal 65", k_create(CLOCK_MONOTONIC, &ev, &id), EINVAL);
    ev = signal_event(SIG_A, 0);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev._sigev_un._tid = 0x7ffffff0;
    CHECK_ERRNO("SIGEV_THREAD_ID of no thread", k_create(CLOCK_MONOTONIC, &ev, &id), EINVAL);
    CHECK_ERRNO("bad sigevent", k_create(CLOCK_MONOTONIC, (void *)8, &id), EFAULT);
    ev = signal_event(SIG_A, 0);
    CHECK_ERRNO("bad id pointer", k_create(CLOCK_MONOTONIC, &ev, (void *)8), EFAULT);

    CHECK_RET("timer_create", k_create(CLOCK_MONOTONIC, &ev, &id), 0);
    struct itimerspec v = its(10 * MS, 0), cur;
    CHECK_ERRNO("settime NULL", k_settime(id, 0, NULL, NULL), EINVAL);
    v.it_value.tv_nsec = 1000000000;
    CHECK_ERRNO("settime tv_nsec 1e9", k_settime(id, 0, &v, NULL), EINVAL);
    v = its(10 * MS, 0);
    v.it_interval.tv_sec = -1;
    CHECK_ERRNO("settime negative interval", k_settime(id, 0, &v, NULL), EINVAL);
    CHECK_ERRNO("settime bad pointer", k_settime(id, 0, (void *)8, NULL), EFAULT);
    CHECK_ERRNO("settime no such timer", k_settime(id + 1000, 0, &v, NULL), EINVAL);
    CHECK_ERRNO("gettime no such timer", k_gettime(id + 1000, &cur), EINVAL);
    CHECK_ERRNO("gettime bad pointer", k_gettime(id, (void *)8), EFAULT);
    CHECK_ERRNO("getoverrun no such timer", syscall(SYS_timer_getoverrun, id + 1000), EINVAL);
    CHECK_RET("delete", syscall(SYS_timer_delete, id), 0);
    CHECK_ERRNO("delete twice", syscall(SYS_timer_delete, id), EINVAL);
    CHECK_ERRNO("gettime after delete", k_gettime(id, &cur), EINVAL);
}

static void one_shot(void)
{
    struct sigevent ev = signal_event(SIG_A, 42);
    int id, id2;
    CHECK_RET("create MONOTONIC", k_create(CLOCK_MONOTONIC, &ev, &id), 0);
    CHECK_RET("create a second", k_create(CLOCK_MONOTONIC, &ev, &id2), 0);
    CHECK("ids differ", id != id2);
    syscall(SYS_timer_delete, id2);
    struct itimerspec cur;
    CHECK_RET("gettime unarmed", k_gettime(id, &cur), 0);
    CHECK("all zero", ns_of(cur.it_value) == 0 && ns_of(cur.it_interval) == 0);

    struct itimerspec v = its(10000 * MS, 250 * MS);
    CHECK_RET("arm for 10 s", k_settime(id, 0, &v, NULL), 0);
    CHECK_RET("gettime armed", k_gettime(id, &cur), 0);
    CHECK("10 s less a little, and the period",
          ns_of(cur.it_value) > 9000 * MS && ns_of(cur.it_value) <= 10000 * MS &&
          ns_of(cur.it_interval) == 250 * MS);

    long long t0 = now_ns(CLOCK_MONOTONIC);
    v = its(30 * MS, 0);
    struct itimerspec old;
    CHECK_RET("re-arm for 30 ms", k_settime(id, 0, &v, &old), 0);
    CHECK("old value returned", ns_of(old.it_value) > 9000 * MS && ns_of(old.it_interval) == 250 * MS);
    siginfo_t si = wait_for(SIG_A);
    long long waited = now_ns(CLOCK_MONOTONIC) - t0;
    CHECK("the signal came", si.si_signo == SIG_A);
    conf_check_waited("  it came", waited, 30);
    CHECK("si_code SI_TIMER", si.si_code == SI_TIMER);
    CHECK("si_timerid is the timer", si.si_timerid == id);
    CHECK("si_value as given", si.si_value.sival_int == 42);
    CHECK("no overrun", si.si_overrun == 0);
    CHECK_RET("gettime after it fired", k_gettime(id, &cur), 0);
    CHECK("disarmed", ns_of(cur.it_value) == 0 && ns_of(cur.it_interval) == 0);

    /* Absolute, on CLOCK_MONOTONIC: a time ahead, and one gone by. */
    v = its(now_ns(CLOCK_MONOTONIC) + 20 * MS, 0);
    CHECK_RET("TIMER_ABSTIME ahead", k_settime(id, TIMER_ABSTIME, &v, NULL), 0);
    si = wait_for(SIG_A);
    CHECK("fires at the time", si.si_signo == SIG_A && now_ns(CLOCK_MONOTONIC) >= ns_of(v.it_value));
    v = its(1, 0);
    CHECK_RET("TIMER_ABSTIME gone by", k_settime(id, TIMER_ABSTIME, &v, NULL), 0);
    si = wait_for(SIG_A);
    CHECK("fires at once", si.si_signo == SIG_A);
    syscall(SYS_timer_delete, id);

    /* CLOCK_REALTIME, absolute. */
    CHECK_RET("create REALTIME", k_create(CLOCK_REALTIME, &ev, &id), 0);
    v = its(now_ns(CLOCK_REALTIME) + 20 * MS, 0);
    CHECK_RET("REALTIME TIMER_ABSTIME", k_settime(id, TIMER_ABSTIME, &v, NULL), 0);
    si = wait_for(SIG_A);
    CHECK("REALTIME fires at the time", si.si_signo == SIG_A && now_ns(CLOCK_REALTIME) >= ns_of(v.it_value));
    syscall(SYS_timer_delete, id);

    /* No sigevent: SIGALRM, with the timer's id as si_value. */
    CHECK_RET("create without sigevent", k_create(CLOCK_MONOTONIC, NULL, &id), 0);
    v = its(10 * MS, 0);
    k_settime(id, 0, &v, NULL);
    si = wait_for(SIGALRM);
    CHECK("SIGALRM", si.si_signo == SIGALRM && si.si_code == SI_TIMER);
    CHECK("si_value is the id", si.si_value.sival_int == id && si.si_timerid == id);
    syscall(SYS_timer_delete, id);
}

static void periodic(void)
{
    struct sigevent ev = signal_event(SIG_A, 7);
    int id;
    k_create(CLOCK_MONOTONIC, &ev, &id);
    /* 5 ms periods while the signal stays pending: one signal, overruns. */
    struct itimerspec v = its(5 * MS, 5 * MS), cur;
    long long t0 = now_ns(CLOCK_MONOTONIC);
    k_settime(id, 0, &v, NULL);
    struct timespec nap = { 0, 100 * MS };
    nanosleep(&nap, NULL);
    siginfo_t si = wait_for(SIG_A);
    long long periods = (now_ns(CLOCK_MONOTONIC) - t0) / (5 * MS);
    CHECK("one signal for many periods", si.si_signo == SIG_A);
    CHECK("overruns counted", si.si_overrun >= 5 && si.si_overrun <= periods);
    CHECK("timer_getoverrun agrees", syscall(SYS_timer_getoverrun, id) == si.si_overrun);
    CHECK_RET("gettime periodic", k_gettime(id, &cur), 0);
    CHECK("runs on", ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 5 * MS && ns_of(cur.it_interval) == 5 * MS);

    /* Taken as they come: every expiry counted once, in signals or overruns. */
    v = its(10 * MS, 10 * MS);
    t0 = now_ns(CLOCK_MONOTONIC);
    k_settime(id, 0, &v, NULL);
    long long expiries = 0;
    int signals = 0;
    while (signals < 10) {
        si = wait_for(SIG_A);
        if (!si.si_signo)
            break;
        signals++;
        expiries += 1 + si.si_overrun;
    }
    long long elapsed = now_ns(CLOCK_MONOTONIC) - t0;
    CHECK("ten signals", signals == 10);
    CHECK("expiries match the time", expiries >= 10 && expiries <= elapsed / (10 * MS));
    v = its(0, 0);
    CHECK_RET("disarm", k_settime(id, 0, &v, &cur), 0);
    CHECK("old: the period", ns_of(cur.it_interval) == 10 * MS);
    CHECK_RET("gettime disarmed", k_gettime(id, &cur), 0);
    CHECK("disarmed: all zero", ns_of(cur.it_value) == 0 && ns_of(cur.it_interval) == 0);
    syscall(SYS_timer_delete, id);
}

static void sigev_none(void)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    int id;
    CHECK_RET("create SIGEV_NONE", k_create(CLOCK_MONOTONIC, &ev, &id), 0);
    struct itimerspec v = its(20 * MS, 0), cur;
    k_settime(id, 0, &v, NULL);
    k_gettime(id, &cur);
    CHECK("counts down", ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 20 * MS);
    struct timespec nap = { 0, 40 * MS };
    nanosleep(&nap, NULL);
    k_gettime(id, &cur);
    CHECK("expired one-shot: zero", ns_of(cur.it_value) == 0);
    v = its(10 * MS, 10 * MS);
    k_settime(id, 0, &v, NULL);
    nanosleep(&nap, NULL);
    k_gettime(id, &cur);
    CHECK("periodic: moves on", ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 10 * MS);
    syscall(SYS_timer_delete, id);
}

static void cpu_clocks(void)
{
    static const clockid_t clocks[] = { CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
    static const char *const names[] = { "process", "thread" };
    for (int i = 0; i < 2; i++) {
        struct sigevent ev = signal_event(SIG_A, i);
        int id;
        CHECK_RET(names[i], k_create(clocks[i], &ev, &id), 0);
        struct itimerspec v = its(40 * MS, 0);
        long long cpu0 = now_ns(clocks[i]), t0 = now_ns(CLOCK_MONOTONIC);
        k_settime(id, 0, &v, NULL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIG_A);
        volatile unsigned long x = 0;
        int got = 0;
        while (!got && now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS) {
            for (int j = 0; j < 100000; j++)
                x += j;
            sigset_t pend;
            sigpending(&pend);
            got = sigismember(&pend, SIG_A);
        }
        siginfo_t si = wait_for(SIG_A);
        printf("%s CPU-time timer: %s\n", names[i], got && si.si_signo == SIG_A && si.si_value.sival_int == i ? "fired" : "did not fire");
        conf_check_waited("  that CPU time", now_ns(clocks[i]) - cpu0, 40);
        syscall(SYS_timer_delete, id);
    }
}

/* SIGEV_THREAD_ID: the signal goes to that thread (it waits for it). */
static volatile int target_tid;
static siginfo_t target_si;

static void *target_main(void *arg)
{
    (void)arg;
    target_tid = (int)syscall(SYS_gettid);
    target_si = wait_for(SIG_B);
    return NULL;
}

static void thread_id(void)
{
    pthread_t th;
    pthread_create(&th, NULL, target_main, NULL);
    while (!target_tid)
        sched_yield();
    struct sigevent ev = signal_event(SIG_B, 9);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev._sigev_un._tid = target_tid;
    int id;
    CHECK_RET("create SIGEV_THREAD_ID", k_create(CLOCK_MONOTONIC, &ev, &id), 0);
    struct itimerspec v = its(20 * MS, 0);
    k_settime(id, 0, &v, NULL);
    pthread_join(th, NULL);
    CHECK("that thread took it", target_si.si_signo == SIG_B && target_si.si_timerid == id &&
                                    target_si.si_value.sival_int == 9);
    syscall(SYS_timer_delete, id);
}

/* glibc's SIGEV_THREAD: a function in a thread of glibc's, per expiry. */
static sem_t fired;
static volatile int notified;

static void notify(union sigval v)
{
    notified += v.sival_int;
    sem_post(&fired);
}

static void sigev_thread(void)
{
    sem_init(&fired, 0, 0);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = notify;
    ev.sigev_value.sival_int = 1;
    timer_t t;
    CHECK_RET("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &ev, &t), 0);
    struct itimerspec v = its(10 * MS, 10 * MS);
    CHECK_RET("timer_settime", timer_settime(t, 0, &v, NULL), 0);
    int ok = 1;
    for (int i = 0; i < 3; i++) {
        struct timespec limit;
        clock_gettime(CLOCK_REALTIME, &limit);
        limit.tv_sec += 5;
        ok &= sem_timedwait(&fired, &limit) == 0;
    }
    CHECK("the function ran three times", ok && notified >= 3);
    CHECK_RET("timer_delete", timer_delete(t), 0);
}

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIG_A);
    sigaddset(&set, SIG_B);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    errors();
    one_shot();
    periodic();
    sigev_none();
    cpu_clocks();
    thread_id();
    sigev_thread();
    return 0;
}
