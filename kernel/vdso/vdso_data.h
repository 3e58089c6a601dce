/* What the kernel tells the vDSO: the clocks' parameters, in the [vvar]
 * page that every process maps read-only below the vDSO's code. Shared by
 * the kernel (sched/clock.c fills it at boot) and vdso/vdso.c. The
 * parameters never change after boot, so readers need no sequence lock. */
#pragma once
#include <stdint.h>

struct vdso_data {
    uint64_t tsc0;             /* TSC at the monotonic clock's 0 */
    uint64_t mult;             /* ns per TSC cycle << 32 */
    uint64_t boot_epoch_ns;    /* the wall clock when the monotonic clock read 0 */
    uint64_t coarse_res_ns;    /* resolution of the _COARSE clocks: the tick */
};

/* The monotonic clock at TSC value tsc: shared with the kernel, so that a
 * time read through the vDSO and one read through a system call agree. */
static inline uint64_t vdso_tsc_to_ns(const volatile struct vdso_data *d, uint64_t tsc)
{
    return (uint64_t)(((unsigned __int128)(tsc - d->tsc0) * d->mult) >> 32);
}
