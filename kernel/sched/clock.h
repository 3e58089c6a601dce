/* Time: the monotonic clock (TSC, calibrated at boot) and the wall clock
 * (CMOS RTC read at boot, advanced by the monotonic clock). */
#pragma once
#include <stdint.h>
#include "uapi/time.h"

#define NSEC_PER_SEC 1000000000ull

/* A time in ns as user space's timespec and timeval. */
static inline struct kernel_timespec ns_to_timespec(uint64_t ns)
{
    return (struct kernel_timespec){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
}

static inline struct kernel_timeval ns_to_timeval(uint64_t ns)
{
    return (struct kernel_timeval){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };
}

/* Starts both clocks at boot: the TSC's rate, and the wall clock's
 * seconds then (the RTC's). */
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
