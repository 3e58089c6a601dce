/* Time: the monotonic clock (TSC, calibrated at boot) and the wall clock
 * (CMOS RTC read at boot, advanced by the monotonic clock). */
#pragma once
#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

uint64_t clock_monotonic_ns(void);
uint64_t clock_realtime_ns(void);
/* Boot time: nanoseconds since the epoch when the monotonic clock read 0. */
uint64_t clock_boot_epoch_ns(void);

/* Reads a struct timespec from user memory as nanoseconds: 0, -EFAULT,
 * or -EINVAL for a negative time or tv_nsec out of [0, 1e9). */
int get_timespec_ns(const void *utimespec, uint64_t *ns);
