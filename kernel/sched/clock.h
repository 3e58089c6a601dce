/* Time: the monotonic clock (TSC, calibrated at boot) and the wall clock
 * (CMOS RTC read at boot, advanced by the monotonic clock). */
#pragma once
#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* Linux's clock ids */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define TIMER_ABSTIME 1

struct kernel_timespec { int64_t tv_sec, tv_nsec; };

/* Starts the clocks from the TSC's frequency and the RTC's time (boot). */
void clock_init(uint64_t tsc_khz, uint64_t rtc_epoch_seconds);
uint64_t clock_monotonic_ns(void);
uint64_t clock_realtime_ns(void);
/* Boot time: nanoseconds since the epoch when the monotonic clock read 0. */
uint64_t clock_boot_epoch_ns(void);

/* A timespec as nanoseconds: 0, or -EINVAL for a negative time or tv_nsec
 * out of [0, 1e9). Beyond 292 years it is clamped, as Linux's ktime. */
int timespec_to_ns(const struct kernel_timespec *ts, uint64_t *ns);
/* The same for a struct timespec in user memory; -EFAULT for a bad one. */
int get_timespec_ns(const void *utimespec, uint64_t *ns);
