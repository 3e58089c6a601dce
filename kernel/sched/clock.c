/* The monotonic clock counts TSC cycles since boot, converted with a
 * 32.32 fixed-point multiplier; the wall clock adds the RTC's boot time.
 * The parameters live in the vDSO's [vvar] page, so that programs read
 * the same clocks without a system call. */
#include "sched/clock.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "mm/uaccess.h"
#include "mm/vdso.h"
#include "sched/sched.h"

void clock_init(uint64_t tsc_khz, uint64_t rtc_epoch_seconds)
{
    struct vdso_data *d = vdso_data();
    d->tsc0 = rdtsc();
    d->mult = (uint64_t)(((unsigned __int128)1000000 << 32) / tsc_khz);
    d->boot_epoch_ns = rtc_epoch_seconds * NSEC_PER_SEC;
    d->coarse_res_ns = NSEC_PER_SEC / HZ;
}

uint64_t clock_monotonic_ns(void) { return vdso_tsc_to_ns(vdso_data(), rdtsc()); }
uint64_t clock_boot_epoch_ns(void) { return vdso_data()->boot_epoch_ns; }
uint64_t clock_realtime_ns(void) { return clock_boot_epoch_ns() + clock_monotonic_ns(); }

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
