/* getrusage and times: CPU time (utime + stime is all the CPU time the
 * process used), minor faults counted per page first touched, voluntary
 * switches per sleep, a dead thread's counts kept by the process, no
 * children; times in clock ticks. Only lower bounds are printed: the counts
 * include the C library's own faults and switches. */
#include "conf.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>

#define PAGES 64

static long long tv_ns(struct timeval tv) { return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL; }

static struct rusage usage(int who)
{
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    if (getrusage(who, &ru) != 0)
        printf("getrusage(%d) failed: %s\n", who, errname(errno));
    return ru;
}

static void touch_pages(int n)
{
    char *p = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < n; i++)
        p[i * 4096] = 1;
}

static struct rusage thread_saw;

static void *thread_main(void *arg)
{
    struct rusage before = usage(RUSAGE_THREAD);
    touch_pages(PAGES);
    conf_sleep_ms(5);
    struct rusage after = usage(RUSAGE_THREAD);
    thread_saw.ru_minflt = after.ru_minflt - before.ru_minflt;
    thread_saw.ru_nvcsw = after.ru_nvcsw - before.ru_nvcsw;
    return NULL;
}

static long long cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    CHECK_ERRNO("getrusage(2)", getrusage(2, &(struct rusage){0}), EINVAL);
    CHECK_SYSCALL_ERRNO("getrusage bad pointer", EFAULT, SYS_getrusage, RUSAGE_SELF, (void *)8);
    CHECK_SYSCALL_ERRNO("times bad pointer", EFAULT, SYS_times, (void *)8);
    CHECK("times(NULL) answers", syscall(SYS_times, NULL) != -1);

    struct rusage self = usage(RUSAGE_SELF), thr = usage(RUSAGE_THREAD);
    CHECK("minor faults so far: some", self.ru_minflt > 0 && thr.ru_minflt > 0);
    touch_pages(PAGES);
    struct rusage self2 = usage(RUSAGE_SELF), thr2 = usage(RUSAGE_THREAD);
    CHECK("64 pages touched: 64 more minor faults (process)", self2.ru_minflt - self.ru_minflt >= PAGES);
    CHECK("64 pages touched: 64 more minor faults (thread)", thr2.ru_minflt - thr.ru_minflt >= PAGES);
    CHECK("maxrss: 256 KiB or more", self2.ru_maxrss >= PAGES * 4);
    CHECK("maxrss of the thread is the process's", thr2.ru_maxrss == self2.ru_maxrss);

    conf_sleep_ms(10);
    struct rusage self3 = usage(RUSAGE_SELF), thr3 = usage(RUSAGE_THREAD);
    CHECK("a sleep: a voluntary switch (process)", self3.ru_nvcsw > self2.ru_nvcsw);
    CHECK("a sleep: a voluntary switch (thread)", thr3.ru_nvcsw > thr2.ru_nvcsw);

    pthread_t th;
    pthread_create(&th, NULL, thread_main, NULL);
    pthread_join(th, NULL);
    CHECK("the thread counted its own faults", thread_saw.ru_minflt >= PAGES);
    CHECK("the thread counted its sleep", thread_saw.ru_nvcsw >= 1);
    struct rusage self4 = usage(RUSAGE_SELF);
    CHECK("the process kept the dead thread's faults", self4.ru_minflt - self3.ru_minflt >= PAGES);

    long long c0 = cpu_ns();
    while (cpu_ns() - c0 < 200000000LL)
        ;
    struct rusage self5 = usage(RUSAGE_SELF);
    struct tms tm;
    clock_t now = times(&tm);
    CHECK("utime + stime: 200 ms more or so",
          tv_ns(self5.ru_utime) + tv_ns(self5.ru_stime) - tv_ns(self4.ru_utime) - tv_ns(self4.ru_stime) >=
              195000000LL);
    CHECK("utime and stime are times", self5.ru_utime.tv_usec < 1000000 && self5.ru_stime.tv_usec < 1000000);
    CHECK("times: utime + stime 18 ticks or more", tm.tms_utime + tm.tms_stime >= 18);
    CHECK("times: no children's time", tm.tms_cutime == 0 && tm.tms_cstime == 0);
    printf("clock ticks a second: %ld\n", sysconf(_SC_CLK_TCK));
    conf_sleep_ms(100);
    clock_t later = times(NULL);
    printf("times over a 100 ms sleep: 9 ticks or more, under 310: %s\n",
           later - now >= 9 && later - now < 310 ? "yes" : "no");

    struct rusage kids = usage(RUSAGE_CHILDREN), zero;
    memset(&zero, 0, sizeof zero);
    CHECK("RUSAGE_CHILDREN: all 0", memcmp(&kids, &zero, sizeof zero) == 0);
    return 0;
}
