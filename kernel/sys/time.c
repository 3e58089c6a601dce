/* Clocks and sleeping. */
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/uaccess.h"
#include "mm/vdso.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/wait.h"
#include "sys/syscall.h"

/* The clock's time in ns, or -EINVAL for an unknown clock. */
static long clock_now(uint64_t id, uint64_t *ns)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = clock_realtime_ns();
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = clock_monotonic_ns();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID:
        *ns = process_cputime_ns(current_proc());
        return 0;
    case CLOCK_THREAD_CPUTIME_ID:
        *ns = thread_cputime_ns(current_thread());
        return 0;
    default:
        return -EINVAL;
    }
}

static int put_timespec(uint64_t uaddr, uint64_t ns)
{
    struct kernel_timespec ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
    return copy_to_user((void *)uaddr, &ts, sizeof(ts));
}

long sys_clock_gettime(uint64_t id, uint64_t tp)
{
    uint64_t ns;
    long r = clock_now(id, &ns);
    return r ? r : put_timespec(tp, ns);
}
SYSCALL(228, clock_gettime);

long sys_clock_getres(uint64_t id, uint64_t tp)
{
    uint64_t ns;
    long r = clock_now(id, &ns);
    if (r)
        return r;
    /* The coarse clocks tick with the scheduler; the others are TSC-fine. */
    uint64_t res = (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE)
                       ? vdso_data()->coarse_res_ns : 1;
    return tp ? put_timespec(tp, res) : 0;
}
SYSCALL(229, clock_getres);

long sys_gettimeofday(uint64_t tv, uint64_t tz)
{
    uint64_t ns = clock_realtime_ns();
    struct { int64_t sec, usec; } t = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };
    if (tv && copy_to_user((void *)tv, &t, sizeof(t)))
        return -EFAULT;
    struct { int32_t minuteswest, dsttime; } z = { 0, 0 };
    if (tz && copy_to_user((void *)tz, &z, sizeof(z)))
        return -EFAULT;
    return 0;
}
SYSCALL(96, gettimeofday);

long sys_time(uint64_t tloc)
{
    int64_t s = (int64_t)(clock_realtime_ns() / NSEC_PER_SEC);
    if (tloc && put_user(s, (int64_t *)tloc))
        return -EFAULT;
    return s;
}
SYSCALL(201, time);

/* Sleeps until the monotonic clock reaches deadline: 0, or -EINTR with
 * the time left in *left. */
static long sleep_until(uint64_t deadline, uint64_t *left)
{
    struct waitq wq = WAITQ_INIT;
    int r = WAIT_EVENT_DEADLINE(&wq, clock_monotonic_ns() >= deadline, deadline);
    uint64_t now = clock_monotonic_ns();
    *left = now < deadline ? deadline - now : 0;
    return r == -EINTR ? -EINTR : 0;
}

long sys_nanosleep(uint64_t req, uint64_t rem)
{
    uint64_t ns, left;
    long r = get_timespec_ns((void *)req, &ns);
    if (r)
        return r;
    r = sleep_until(clock_monotonic_ns() + ns, &left);
    if (r == -EINTR && rem && put_timespec(rem, left))
        return -EFAULT;
    return r;
}
SYSCALL(35, nanosleep);

long sys_clock_nanosleep(uint64_t id, uint64_t flags, uint64_t req, uint64_t rem)
{
    uint64_t now, ns, left;
    if (id == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    long r = clock_now(id, &now);
    if (r)
        return r;
    if ((r = get_timespec_ns((void *)req, &ns)))
        return r;
    uint64_t mono = clock_monotonic_ns();
    uint64_t deadline = (flags & TIMER_ABSTIME) ? mono + (ns > now ? ns - now : 0) : mono + ns;
    r = sleep_until(deadline, &left);
    if (r == -EINTR && !(flags & TIMER_ABSTIME) && rem && put_timespec(rem, left))
        return -EFAULT;
    return r;
}
SYSCALL(230, clock_nanosleep);
