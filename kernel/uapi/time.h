/* Linux's clock ids and time structures as user space sees them
 * (<linux/time.h>, <linux/time_types.h>), one definition each. */
#pragma once
#include <stdint.h>

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

/* struct __kernel_timespec and __kernel_old_timeval (64-bit fields). */
struct kernel_timespec { int64_t tv_sec, tv_nsec; };
struct kernel_timeval { int64_t tv_sec, tv_usec; };
