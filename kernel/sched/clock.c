/* The monotonic clock counts TSC cycles since boot, converted with a
 * 32.32 fixed-point multiplier; the wall clock adds the RTC's boot time. */
#include "sched/clock.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "mm/uaccess.h"

static uint64_t tsc0;
static uint64_t mult;          /* ns per cycle << 32 */
static uint64_t boot_epoch_ns;

void clock_init(uint64_t tsc_khz, uint64_t rtc_epoch_seconds)
{
    tsc0 = rdtsc();
    mult = (uint64_t)(((unsigned __int128)1000000 << 32) / tsc_khz);
    boot_epoch_ns = rtc_epoch_seconds * NSEC_PER_SEC;
}

uint64_t clock_monotonic_ns(void)
{
    uint64_t d = rdtsc() - tsc0;
    return (uint64_t)(((unsigned __int128)d * mult) >> 32);
}

uint64_t clock_boot_epoch_ns(void) { return boot_epoch_ns; }
uint64_t clock_realtime_ns(void) { return boot_epoch_ns + clock_monotonic_ns(); }

int timespec_to_ns(const struct kernel_timespec *ts, uint64_t *ns)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    if ((uint64_t)ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
        *ns = INT64_MAX;
    else
        *ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
    return 0;
}

int get_timespec_ns(const void *utimespec, uint64_t *ns)
{
    struct kernel_timespec ts;
    if (copy_from_user(&ts, utimespec, sizeof(ts)))
        return -EFAULT;
    return timespec_to_ns(&ts, ns);
}
