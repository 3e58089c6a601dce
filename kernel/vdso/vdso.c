/* The vDSO: the clock calls glibc makes without entering the kernel
 * (AT_SYSINFO_EHDR points at this shared object). HotSpot reads
 * CLOCK_MONOTONIC for every System.nanoTime and every timed wait, several
 * thousand times a second under load; here that is one RDTSC. The CPU-time
 * clocks and unknown ids take the system call, as on Linux.
 *
 * Runs in user mode, in every process: no kernel code, no relocations (it
 * is mapped at whatever address is free), only PC-relative data. */
#include <stddef.h>
#include "vdso/vdso_data.h"
#include "uapi/time.h"

#define NSEC_PER_SEC 1000000000ull
#define SYS_gettimeofday 96
#define SYS_time 201
#define SYS_clock_gettime 228
#define SYS_clock_getres 229

struct timespec { int64_t tv_sec, tv_nsec; };
struct timeval { int64_t tv_sec, tv_usec; };
struct timezone { int32_t tz_minuteswest, tz_dsttime; };

/* The page before the code: linker script vdso.lds places it. */
extern const volatile struct vdso_data vvar __attribute__((visibility("hidden")));

static long syscall2(long nr, long a, long b)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return r;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t monotonic_ns(void) { return vdso_tsc_to_ns(&vvar, rdtsc()); }
static uint64_t realtime_ns(void) { return vvar.boot_epoch_ns + monotonic_ns(); }

/* The clock's time in ns; false for a clock the kernel must read. */
static int clock_ns(int id, uint64_t *ns)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = realtime_ns();
        return 1;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = monotonic_ns();
        return 1;
    default:
        return 0;
    }
}

/* The entry points libc looks up by name (vdso.lds exports them). */
int __vdso_clock_gettime(int id, struct timespec *ts);
int __vdso_clock_getres(int id, struct timespec *res);
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz);
int64_t __vdso_time(int64_t *t);
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache);

int __vdso_clock_gettime(int id, struct timespec *ts)
{
    uint64_t ns;
    if (!clock_ns(id, &ns))
        return (int)syscall2(SYS_clock_gettime, id, (long)ts);
    ts->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
    ts->tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
    return 0;
}

int __vdso_clock_getres(int id, struct timespec *res)
{
    uint64_t ns;
    if (!clock_ns(id, &ns))
        return (int)syscall2(SYS_clock_getres, id, (long)res);
    if (res) {
        res->tv_sec = 0;
        res->tv_nsec = (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE)
                           ? (int64_t)vvar.coarse_res_ns : 1;
    }
    return 0;
}

int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
    if (tv) {
        uint64_t ns = realtime_ns();
        tv->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
        tv->tv_usec = (int64_t)(ns % NSEC_PER_SEC / 1000);
    }
    if (tz) {
        tz->tz_minuteswest = 0;
        tz->tz_dsttime = 0;
    }
    return 0;
}

int64_t __vdso_time(int64_t *t)
{
    int64_t s = (int64_t)(realtime_ns() / NSEC_PER_SEC);
    if (t)
        *t = s;
    return s;
}

/* One CPU, one NUMA node. */
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache __attribute__((unused)))
{
    if (cpu)
        *cpu = 0;
    if (node)
        *node = 0;
    return 0;
}

/* The names without the prefix, as Linux's vDSO exports them too. */
int clock_gettime(int, struct timespec *) __attribute__((weak, alias("__vdso_clock_gettime")));
int clock_getres(int, struct timespec *) __attribute__((weak, alias("__vdso_clock_getres")));
int gettimeofday(struct timeval *, struct timezone *) __attribute__((weak, alias("__vdso_gettimeofday")));
int64_t time(int64_t *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
