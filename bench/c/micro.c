/*
 * bench: static C microbenchmarks of the kernel's hot paths. Each one times itself with
 * clock_gettime(CLOCK_MONOTONIC) inside the guest and prints one line
 *
 *     bench: NAME VALUE UNIT
 *
 * which bench's ProgramRuns collects. Usage: micro [SCALE], where SCALE (default 1.0) multiplies
 * every count (the harness's --quick passes 0.01):
 *
 *   getppid   1,000,000 getppid() round trips               -> ns per call
 *   fault     1,000,000 first touches of fresh 4 KiB pages  -> ns per fault (mmap 16 MiB,
 *             MADV_NOHUGEPAGE so Linux's THP does not fold 512 faults into one, touch every
 *             page, munmap; repeat: the munmap's share is included)
 *   thread    1,000 pthread_create + pthread_join           -> us per pair
 *   clock     first, a check of the guest's clock: prints "bench-clock: start", spins until
 *             CLOCK_MONOTONIC has advanced 1 s (not scaled), prints "bench-clock: end"; the
 *             harness times the two lines on the host, so a guest clock that runs fast or slow
 *             (and would bias every number below) shows up
 *   futex     100,000 round trips between two threads through FUTEX_WAIT/FUTEX_WAKE -> us per
 *             round trip (one CPU: every hand-over is a context switch)
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long scaled(long n, double scale)
{
    long v = (long)(n * scale);
    return v < 1 ? 1 : v;
}

static void clock_check(void)
{
    puts("bench-clock: start");
    double t0 = now();
    while (now() - t0 < 1.0)
        ;
    puts("bench-clock: end");
}

static void bench_getppid(long n)
{
    long sum = 0;
    double t0 = now();
    for (long i = 0; i < n; i++)
        sum += syscall(SYS_getppid);  /* not glibc's getppid(): no caching, a real trap */
    double t = now() - t0;
    if (sum < 0)
        puts("impossible");
    printf("bench: getppid %.1f ns/call\n", t * 1e9 / n);
}

static void bench_fault(long n)
{
    const size_t chunk = 16u << 20, page = 4096;
    long done = 0;
    double t0 = now();
    while (done < n) {
        char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("mmap");
            exit(1);
        }
        madvise(p, chunk, MADV_NOHUGEPAGE);  /* eggos may say EINVAL: no huge pages there anyway */
        for (size_t off = 0; off < chunk && done < n; off += page, done++)
            p[off] = 1;
        munmap(p, chunk);
    }
    double t = now() - t0;
    printf("bench: fault %.1f ns/fault\n", t * 1e9 / n);
}

static void *nothing(void *arg)
{
    return arg;
}

static void bench_thread(long n)
{
    double t0 = now();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, nothing, NULL) != 0) {
            puts("pthread_create failed");
            exit(1);
        }
        pthread_join(t, NULL);
    }
    double t = now() - t0;
    printf("bench: thread %.1f us/create+join\n", t * 1e6 / n);
}

static atomic_int turn;
static long rounds;

static void fwait(atomic_int *addr, int val)
{
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void fwake(atomic_int *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* The partner: waits for turn 1, hands back turn 0. */
static void *pong(void *arg)
{
    for (long i = 0; i < rounds; i++) {
        while (atomic_load(&turn) != 1)
            fwait(&turn, 0);
        atomic_store(&turn, 0);
        fwake(&turn);
    }
    return arg;
}

static void bench_futex(long n)
{
    pthread_t t;
    rounds = n;
    atomic_store(&turn, 0);
    if (pthread_create(&t, NULL, pong, NULL) != 0) {
        puts("pthread_create failed");
        exit(1);
    }
    double t0 = now();
    for (long i = 0; i < n; i++) {
        atomic_store(&turn, 1);
        fwake(&turn);
        while (atomic_load(&turn) != 0)
            fwait(&turn, 1);
    }
    double t1 = now() - t0;
    pthread_join(t, NULL);
    printf("bench: futex %.2f us/round-trip\n", t1 * 1e6 / n);
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(scale > 0)) {
        fprintf(stderr, "usage: micro [SCALE > 0]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    clock_check();
    bench_getppid(scaled(1000000, scale));
    bench_fault(scaled(1000000, scale));
    bench_thread(scaled(1000, scale));
    bench_futex(scaled(100000, scale));
    return 0;
}
