/* clock_gettime, clock_getres, gettimeofday, time: monotonic, plausible, consistent. */
#include "conf.h"
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    struct timespec a, b;
    int backwards = 0, badnsec = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 10000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < ns(a))
            backwards = 1;
        if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
            badnsec = 1;
        a = b;
    }
    CHECK("CLOCK_MONOTONIC never goes backwards (10000 reads)", !backwards);
    CHECK("tv_nsec always in [0, 1e9)", !badnsec);
    /* the raw syscall agrees with the library (vDSO on Linux) */
    struct timespec r1, r2, r3;
    clock_gettime(CLOCK_MONOTONIC, &r1);
    CHECK_RET("raw clock_gettime MONOTONIC", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &r2), 0);
    clock_gettime(CLOCK_MONOTONIC, &r3);
    CHECK("raw read between two library reads", ns(r1) <= ns(r2) && ns(r2) <= ns(r3));

    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    CHECK("CLOCK_REALTIME after 2024-01-01", rt.tv_sec > 1704067200);
    CHECK("CLOCK_REALTIME before 2100-01-01", rt.tv_sec < 4102444800LL);
    struct timeval tv;
    CHECK_RET("gettimeofday", gettimeofday(&tv, NULL), 0);
    long long diff = (long long)tv.tv_sec * 1000000 + tv.tv_usec - ns(rt) / 1000;
    CHECK("gettimeofday agrees with CLOCK_REALTIME within 1 s", diff >= -1000000 && diff <= 1000000);
    CHECK("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    struct timeval rtv;
    CHECK_RET("raw gettimeofday", syscall(SYS_gettimeofday, &rtv, NULL), 0);
    CHECK("raw gettimeofday close", rtv.tv_sec - tv.tv_sec >= 0 && rtv.tv_sec - tv.tv_sec <= 1);
    time_t t = time(NULL);
    CHECK("time() agrees within 1 s", t - rt.tv_sec >= 0 && t - rt.tv_sec <= 1);

    /* other clocks exist and behave */
    struct timespec x;
    CHECK_RET("CLOCK_MONOTONIC_RAW", clock_gettime(CLOCK_MONOTONIC_RAW, &x), 0);
    CHECK_RET("CLOCK_BOOTTIME", clock_gettime(CLOCK_BOOTTIME, &x), 0);
    struct timespec mono;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    CHECK("BOOTTIME >= MONOTONIC", ns(x) + 1000000000LL >= ns(mono));
    CHECK_RET("CLOCK_REALTIME_COARSE", clock_gettime(CLOCK_REALTIME_COARSE, &x), 0);
    CHECK("REALTIME_COARSE within 1 s of REALTIME", x.tv_sec - rt.tv_sec >= -1 && x.tv_sec - rt.tv_sec <= 1);
    CHECK_RET("CLOCK_MONOTONIC_COARSE", clock_gettime(CLOCK_MONOTONIC_COARSE, &x), 0);

    /* resolution */
    clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME};
    const char *names[] = {"REALTIME", "MONOTONIC", "MONOTONIC_RAW", "BOOTTIME"};
    for (int i = 0; i < 4; i++) {
        struct timespec res = {-1, -1};
        int r = clock_getres(ids[i], &res);
        printf("clock_getres %s: ret %d, positive and <= 1 ms: %s\n", names[i], r,
               res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
    }
    CHECK_RET("clock_getres with NULL", clock_getres(CLOCK_MONOTONIC, NULL), 0);

    /* errors (raw: the library would not ask the kernel for some) */
    CHECK_SYSCALL_ERRNO("clock_gettime bad clock", EINVAL, SYS_clock_gettime, 12345, &x);
    CHECK_SYSCALL_ERRNO("clock_gettime clock -100", EINVAL, SYS_clock_gettime, -100, &x);
    CHECK_SYSCALL_ERRNO("clock_getres bad clock", EINVAL, SYS_clock_getres, 12345, &x);
    CHECK_ERRNO("library clock_gettime bad clock", clock_gettime(12345, &x), EINVAL);

    /* monotonic advances: spin 5 ms */
    clock_gettime(CLOCK_MONOTONIC, &a);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while (ns(b) - ns(a) < 5000000LL && ns(b) - ns(a) >= 0);
    CHECK("MONOTONIC advances", ns(b) - ns(a) >= 5000000LL);
    return 0;
}
