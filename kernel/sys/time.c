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

/* Linux's clock ids for the CPU time of a given process or thread
 * (clock_getcpuclockid, pthread_getcpuclockid): negative, the pid or tid
 * complemented above three bits, bit 2 set for a thread. The low two bits
 * choose profiling, virtual or scheduled time: here all are the time the
 * scheduler accounted. */
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_WHICH(id) ((id) & 3)
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_FD 3
#define CPUCLOCK_ID(id) (~((id) >> 3))

static long cpu_clock_now(int32_t id, uint64_t *ns)
{
    struct process *p = current_proc();
    int who = CPUCLOCK_ID(id);
    if (CPUCLOCK_WHICH(id) == CPUCLOCK_FD)
        return -EINVAL;
    if (id & CPUCLOCK_PERTHREAD)
        return thread_cputime_by_tid(p, who ? who : current_thread()->tid, ns);
    if (who && who != p->pid)
        return -EINVAL;                  /* the only process is this one */
    *ns = process_cputime_ns(p);
    return 0;
}

/* The clock's time in ns, or -EINVAL for an unknown clock. A clockid_t
 * is an int: the register's upper half is not part of it. */
static long clock_now(int32_t id, uint64_t *ns)
{
    if (id < 0)
        return cpu_clock_now(id, ns);
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

static int put_timespec(struct kernel_timespec __user *uts, uint64_t ns)
{
    struct kernel_timespec ts = ns_to_timespec(ns);
    return copy_to_user(uts, &ts, sizeof(ts));
}

SYSCALL_DEFINE2(clock_gettime, int, id, struct kernel_timespec __user *, tp)
{
    uint64_t ns;
    long r = clock_now(id, &ns);
    return r ? r : put_timespec(tp, ns);
}

SYSCALL_DEFINE2(clock_getres, int, clk, struct kernel_timespec __user *, tp)
{
    uint64_t ns;
    long r = clock_now(clk, &ns);
    if (r)
        return r;
    /* The coarse clocks tick with the scheduler, and so do CPU clocks of
     * profiling and virtual time (Linux's rule); the others are TSC-fine. */
    bool tick = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE ||
                (clk < 0 && CPUCLOCK_WHICH(clk) != CPUCLOCK_SCHED);
    uint64_t res = tick ? vdso_data()->coarse_res_ns : 1;
    return tp ? put_timespec(tp, res) : 0;
}

SYSCALL_DEFINE2(gettimeofday, void __user *, tv, void __user *, tz)
{
    uint64_t ns = clock_realtime_ns();
    struct kernel_timeval t = ns_to_timeval(ns);
    if (tv && copy_to_user(tv, &t, sizeof(t)))
        return -EFAULT;
    struct { int32_t minuteswest, dsttime; } z = { 0, 0 };
    if (tz && copy_to_user(tz, &z, sizeof(z)))
        return -EFAULT;
    return 0;
}

SYSCALL_DEFINE1(time, int64_t __user *, tloc)
{
    int64_t s = (int64_t)(clock_realtime_ns() / NSEC_PER_SEC);
    if (tloc && put_user(s, tloc))
        return -EFAULT;
    return s;
}

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

SYSCALL_DEFINE2(nanosleep, const struct kernel_timespec __user *, req,
               struct kernel_timespec __user *, rem)
{
    uint64_t ns, left;
    long r = get_timespec_ns(req, &ns);
    if (r)
        return r;
    r = sleep_until(clock_monotonic_ns() + ns, &left);
    if (r == -EINTR && rem && put_timespec(rem, left))
        return -EFAULT;
    return r;
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags, const struct kernel_timespec __user *, req,
               struct kernel_timespec __user *, rem)
{
    uint64_t now, ns, left;
    /* Linux sleeps on another thread's CPU clock, never on its own. */
    if (clk == CLOCK_THREAD_CPUTIME_ID ||
        (clk < 0 && (clk & CPUCLOCK_PERTHREAD) &&
         (CPUCLOCK_ID(clk) == 0 || CPUCLOCK_ID(clk) == current_thread()->tid)))
        return -EINVAL;
    long r = clock_now(clk, &now);
    if (r)
        return r;
    if ((r = get_timespec_ns(req, &ns)))
        return r;
    uint64_t mono = clock_monotonic_ns();
    uint64_t deadline = (flags & TIMER_ABSTIME) ? mono + (ns > now ? ns - now : 0) : mono + ns;
    r = sleep_until(deadline, &left);
    if (r == -EINTR && !(flags & TIMER_ABSTIME) && rem && put_timespec(rem, left))
        return -EFAULT;
    return r;
}
