/* CPU-time clocks of a process or thread by id (clock_getcpuclockid,
 * pthread_getcpuclockid): what ThreadMXBean and HotSpot's thread dumps
 * read. */
#include "conf.h"
#include <pthread.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static volatile int release_it;
static int spun[2];     /* a pipe: the spinner writes a byte once it has spun */

static long long clock_ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return ns(t);
}

/* Uses 30 ms of CPU more than main has (main's startup alone takes about
 * that long in TCG), up to 5 s, tells main, then waits without using much
 * until released. */
static void *spinner(void *arg)
{
    long long mains = clock_ns(*(clockid_t *)arg);
    long long mine;
    do
        mine = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    while (mine < 30000000LL + mains && mine < 5000000000LL);
    char c = 1;
    if (write(spun[1], &c, 1) != 1)
        return NULL;
    while (!release_it)
        usleep(1000);
    return arg;
}

/* clock_gettime on the clock of thread t, which pthread_join has just
 * joined, until it fails (up to 10 s): -1 with errno, or 0 if it never did.
 * pthread_join returns once the kernel has cleared the thread's tid
 * (CLONE_CHILD_CLEARTID), early in its exit; on Linux the exiting thread, and
 * so its clock, lasts until release_task a little later, and on a busy host
 * the first read can still find it. Meanwhile its tid names no other thread:
 * a thread clock only names threads of the caller's own process (Linux's
 * same_thread_group check), and this process starts no other thread. */
static long clock_gettime_once_gone(clockid_t c, struct timespec *t)
{
    for (int i = 0; i < 10000; i++) {
        if (syscall(SYS_clock_gettime, c, t) == -1)
            return -1;
        conf_sleep_ms(1);
    }
    return 0;
}

int main(void)
{
    clockid_t pc;
    struct timespec a, b, res;
    CHECK_RET("clock_getcpuclockid(0)", clock_getcpuclockid(0, &pc), 0);
    CHECK_RET("clock_gettime on it", clock_gettime(pc, &a), 0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK("it reads the process's CPU time", ns(a) > 0 && ns(a) <= ns(b));
    CHECK_RET("clock_getres on it", clock_getres(pc, &res), 0);
    printf("its resolution: %ld ns\n", res.tv_nsec);

    /* main blocks in read() meanwhile, using no CPU: polling would run it
     * dozens of times, and a virtual CPU the host takes away while main
     * runs (stolen time) is main's CPU time to the guest. */
    pthread_t t;
    char c;
    clockid_t self;
    pthread_getcpuclockid(pthread_self(), &self);
    CHECK_RET("pipe", pipe(spun), 0);
    pthread_create(&t, NULL, spinner, &self);
    CHECK_RET("read the spinner's byte", read(spun[0], &c, 1), 1);
    clockid_t tc;
    CHECK_RET("pthread_getcpuclockid", pthread_getcpuclockid(t, &tc), 0);
    CHECK_RET("clock_gettime on the thread's clock", clock_gettime(tc, &a), 0);
    CHECK("the thread used at least 30 ms", ns(a) >= 30000000LL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK("and no more than the process", ns(a) <= ns(b));
    CHECK("main's clock reads less than the spinner's", clock_gettime(self, &b) == 0 && ns(b) < ns(a));
    CHECK_RET("clock_getres on the thread's clock", clock_getres(tc, &res), 0);
    printf("its resolution: %ld ns\n", res.tv_nsec);
    /* the profiling flavour of the same thread's clock ticks with HZ */
    clockid_t prof = tc & ~3;
    CHECK("profiling clock's resolution is a tick of at most 10 ms",
          clock_getres(prof, &res) == 0 && res.tv_nsec > 1 && res.tv_nsec <= 10000000);
    CHECK_RETERR("clock_nanosleep on the caller's own thread clock", clock_nanosleep(self, 0, &res, NULL), EINVAL);
    release_it = 1;
    pthread_join(t, NULL);
    CHECK_ERRNO("the clock of a thread that has exited", clock_gettime_once_gone(tc, &a), EINVAL);
    CHECK_SYSCALL_ERRNO("a clock id of kind 3", EINVAL, SYS_clock_gettime, (pc & ~3) | 3, &a);
    return 0;
}
