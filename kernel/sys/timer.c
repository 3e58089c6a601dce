/* Timer syscalls: alarm, setitimer and getitimer, the POSIX timers
 * (timer_create, timer_settime, timer_gettime, timer_getoverrun,
 * timer_delete) and timerfd (timerfd_create, timerfd_settime,
 * timerfd_gettime), with Linux's argument checks. The timers are
 * sched/itimer.c's, the timerfds fs/timerfd.c's. */
#include "fs/fdtable.h"
#include "fs/timerfd.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sched/itimer.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sys/syscall.h"
#include "uapi/time.h"

#define USEC_PER_SEC 1000000

struct user_itimerval { struct kernel_timeval interval, value; };
struct user_itimerspec { struct kernel_timespec interval, value; };

/* struct sigevent, 64 bytes. */
struct user_sigevent {
    uint64_t value;
    int32_t signo, notify;
    int32_t tid;               /* SIGEV_THREAD_ID */
    int32_t pad[11];
};

/* A timeval as nanoseconds: 0, or -EINVAL (Linux's timeval_valid). */
static int timeval_to_ns(const struct kernel_timeval *tv, uint64_t *ns)
{
    if (tv->tv_usec < 0 || tv->tv_usec >= USEC_PER_SEC)
        return -EINVAL;
    struct kernel_timespec ts = { tv->tv_sec, tv->tv_usec * 1000 };
    return timespec_to_ns(&ts, ns);
}

static int put_itimerval(struct user_itimerval __user *uaddr, const struct itimer_value *v)
{
    struct user_itimerval uv = { ns_to_timeval(v->interval), ns_to_timeval(v->value) };
    return copy_to_user(uaddr, &uv, sizeof(uv));
}

static int put_itimerspec(struct user_itimerspec __user *uaddr, const struct itimer_value *v)
{
    struct user_itimerspec us = { ns_to_timespec(v->interval), ns_to_timespec(v->value) };
    return copy_to_user(uaddr, &us, sizeof(us));
}

/* A user itimerspec as nanoseconds: 0, -EFAULT, or -EINVAL for a negative
 * time or tv_nsec out of range (Linux's itimerspec64_valid). */
static int get_itimerspec(const struct user_itimerspec __user *uaddr, struct itimer_value *v)
{
    struct user_itimerspec us;
    if (copy_from_user(&us, uaddr, sizeof(us)))
        return -EFAULT;
    if (timespec_to_ns(&us.value, &v->value) || timespec_to_ns(&us.interval, &v->interval))
        return -EINVAL;
    return 0;
}

SYSCALL_DEFINE2(getitimer, int, which, struct user_itimerval __user *, uvalue)
{
    struct itimer_value cur;
    if (which < ITIMER_REAL || which > ITIMER_PROF)
        return -EINVAL;
    itimer_get(current_proc(), which, &cur);
    return put_itimerval(uvalue, &cur);
}

/* A NULL new value disarms, as Linux (which warns about it). */
SYSCALL_DEFINE3(setitimer, int, which, const struct user_itimerval __user *, unew,
               struct user_itimerval __user *, uold)
{
    struct user_itimerval uv = { 0 };
    struct itimer_value new, old;
    if (unew && copy_from_user(&uv, unew, sizeof(uv)))
        return -EFAULT;
    if (timeval_to_ns(&uv.value, &new.value) || timeval_to_ns(&uv.interval, &new.interval) ||
        which < ITIMER_REAL || which > ITIMER_PROF)
        return -EINVAL;
    itimer_set(current_proc(), which, &new, &old);
    return uold ? put_itimerval(uold, &old) : 0;
}

/* The seconds the previous alarm had left: a fraction counts as one when
 * it is all there is or half a second or more, as Linux rounds. */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
    struct itimer_value new = { seconds * NSEC_PER_SEC, 0 }, old;
    itimer_set(current_proc(), ITIMER_REAL, &new, &old);
    uint64_t secs = old.value / NSEC_PER_SEC, usec = old.value % NSEC_PER_SEC / 1000;
    if ((secs == 0 && usec) || usec >= USEC_PER_SEC / 2)
        secs++;
    return (long)secs;
}

/* The clocks a POSIX timer may count: 0, -EOPNOTSUPP for the clocks Linux
 * has timers for only with hardware this machine lacks (an RTC alarm) or
 * none at all (raw, coarse), -EINVAL for others. */
static int timer_clock(int clock)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        return 0;
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

/* The user's sigevent as Linux's good_sigevent takes it: glibc's
 * SIGEV_THREAD reaches the kernel as SIGEV_THREAD_ID, a bare SIGEV_THREAD
 * signals the process. 0 or -EINVAL. */
static int get_event(const struct user_sigevent *se, struct ptimer_event *ev)
{
    bool signals = se->notify != SIGEV_NONE;
    if (se->notify != SIGEV_SIGNAL && se->notify != SIGEV_NONE && se->notify != SIGEV_THREAD &&
        se->notify != (SIGEV_SIGNAL | SIGEV_THREAD_ID))
        return -EINVAL;
    if (signals && (se->signo <= 0 || se->signo > NSIG))
        return -EINVAL;
    *ev = (struct ptimer_event){
        .notify = se->notify == SIGEV_THREAD ? SIGEV_SIGNAL : se->notify,
        .signo = se->signo, .tid = se->tid, .value = se->value,
    };
    return 0;
}

SYSCALL_DEFINE3(timer_create, int, clock, const struct user_sigevent __user *, uevent,
               int32_t __user *, uid)
{
    struct process *p = current_proc();
    struct ptimer_event ev = { .notify = SIGEV_SIGNAL, .signo = SIGALRM, .value_is_id = true };
    struct user_sigevent se;
    long r = timer_clock(clock);
    if (r)
        return r;
    if (uevent) {
        if (copy_from_user(&se, uevent, sizeof(se)))
            return -EFAULT;
        if ((r = get_event(&se, &ev)))
            return r;
    }
    int id = ptimer_create(p, current_thread(), clock, &ev);
    if (id < 0)
        return id;
    if (put_user(id, uid)) {
        ptimer_delete(p, id);
        return -EFAULT;
    }
    return 0;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, const struct user_itimerspec __user *, unew,
               struct user_itimerspec __user *, uold)
{
    struct itimer_value new, old;
    if (!unew)
        return -EINVAL;
    long r = get_itimerspec(unew, &new);
    if (r)
        return r;
    r = ptimer_settime(current_proc(), id, flags & TIMER_ABSTIME, &new,
                            uold ? &old : NULL);
    return r || !uold ? r : put_itimerspec(uold, &old);
}

SYSCALL_DEFINE2(timer_gettime, int, id, struct user_itimerspec __user *, ucur)
{
    struct itimer_value cur;
    long r = ptimer_gettime(current_proc(), id, &cur);
    return r ? r : put_itimerspec(ucur, &cur);
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
    return ptimer_getoverrun(current_proc(), id);
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
    return ptimer_delete(current_proc(), id);
}

/* The clocks of a timerfd. The alarm clocks would wake a suspended
 * machine; eggos never suspends, so they are their plain clocks. */
static int timerfd_clock(int clock)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_ALARM:
        return CLOCK_REALTIME;
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
        return CLOCK_MONOTONIC;       /* boot time is monotonic time: no suspend */
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE2(timerfd_create, int, clock, int, flags)
{
    int c = timerfd_clock(clock);
    if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) || c < 0)
        return -EINVAL;
    struct file *f;
    int r = timerfd_create_file(c, flags, &f);
    if (r)
        return r;
    int fd = fd_install(current_proc()->files, f, 0, flags & TFD_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

/* The timerfd at fd, referenced: 0, -EBADF, or -EINVAL for another file. */
static int get_timerfd(int fd, struct file **out)
{
    struct file *f = fd_get_io(current_proc()->files, fd);
    if (!f)
        return -EBADF;
    if (!is_timerfd(f)) {
        file_put(f);
        return -EINVAL;
    }
    *out = f;
    return 0;
}

SYSCALL_DEFINE4(timerfd_settime, int, fd, int, flags, const struct user_itimerspec __user *, unew,
               struct user_itimerspec __user *, uold)
{
    struct itimer_value new, old;
    struct file *f;
    long r = get_itimerspec(unew, &new);
    if (r)
        return r;
    if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
        return -EINVAL;
    if ((r = get_timerfd(fd, &f)))
        return r;
    timerfd_settime_file(f, flags & TFD_TIMER_ABSTIME, &new, &old);
    file_put(f);
    return uold ? put_itimerspec(uold, &old) : 0;
}

SYSCALL_DEFINE2(timerfd_gettime, int, fd, struct user_itimerspec __user *, ucur)
{
    struct itimer_value cur;
    struct file *f;
    long r = get_timerfd(fd, &f);
    if (r)
        return r;
    timerfd_gettime_file(f, &cur);
    file_put(f);
    return put_itimerspec(ucur, &cur);
}
