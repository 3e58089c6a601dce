/* Process and thread identity, limits, and the calls that end them. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sched/exit.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/thread.h"
#include "sys/rlimit.h"
#include "sys/syscall.h"

long sys_exit(uint64_t status) { thread_exit((int)(status & 0xFF)); }
SYSCALL(60, exit);

long sys_exit_group(uint64_t status) { process_exit_group((int)(status & 0xFF)); }
SYSCALL(231, exit_group);

long sys_getpid(void) { return current_proc()->pid; }
SYSCALL(39, getpid);

long sys_gettid(void) { return current_thread()->tid; }
SYSCALL(186, gettid);

long sys_getppid(void) { return current_proc()->ppid; }
SYSCALL(110, getppid);

/* Everything runs as root. */
long sys_getuid(void) { return 0; }
SYSCALL(102, getuid);
long sys_geteuid(void) { return 0; }
SYSCALL(107, geteuid);
long sys_getgid(void) { return 0; }
SYSCALL(104, getgid);
long sys_getegid(void) { return 0; }
SYSCALL(108, getegid);

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(uint64_t code, uint64_t addr)
{
    struct thread *t = current_thread();
    switch (code) {
    case ARCH_SET_FS:
        if (!tls_base_ok(addr))
            return -EPERM;
        t->fs_base = addr;
        wrmsr(MSR_FS_BASE, addr);
        return 0;
    case ARCH_GET_FS:
        return put_user(t->fs_base, (uint64_t *)addr);
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        /* The kernel owns GS (swapgs); programs on x86-64 Linux use FS. */
        return -EINVAL;
    default:
        return -EINVAL;
    }
}
SYSCALL(158, arch_prctl);

long sys_set_tid_address(uint64_t tidptr)
{
    current_thread()->clear_child_tid = (int *)tidptr;
    return current_thread()->tid;
}
SYSCALL(218, set_tid_address);

long sys_sched_yield(void)
{
    schedule();
    return 0;
}
SYSCALL(24, sched_yield);

long sys_sched_getaffinity(uint64_t pid, uint64_t len, uint64_t mask)
{
    /* Linux: the size must hold the kernel's mask (8 bytes here) and be a
     * multiple of sizeof(long); it returns the bytes it wrote. */
    if (len < sizeof(uint64_t) || (len & (sizeof(uint64_t) - 1)))
        return -EINVAL;
    if (pid != 0 && (int)pid != current_proc()->pid && (int)pid != current_thread()->tid)
        return -ESRCH;
    uint64_t bits = (cpu_count() >= 64) ? ~0ul : (1ul << cpu_count()) - 1;
    if (put_user(bits, (uint64_t *)mask))
        return -EFAULT;
    return sizeof(uint64_t);
}
SYSCALL(204, sched_getaffinity);

/* Resource limits: what Linux gives a root shell by default. */
#define RLIM_INFINITY (~0ul)
#define RLIMIT_STACK 3
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
/* Linux's, for the default of RLIMIT_NPROC */
#define THREAD_SIZE (16ul << 10)
#define MIN_THREADS 20ul
#define MAX_THREADS 0x3ffffffful   /* FUTEX_TID_MASK */

struct rlimit { uint64_t cur, max; };

#define INF { RLIM_INFINITY, RLIM_INFINITY }
static struct rlimit limits[RLIM_NLIMITS] = {
    INF, INF, INF,                        /* CPU, FSIZE, DATA */
    { 8ul << 20, RLIM_INFINITY },         /* STACK */
    { 0, RLIM_INFINITY },                 /* CORE */
    INF, { 0, 0 },                        /* RSS, NPROC: rlimit_init */
    { 1024, 4096 },                       /* NOFILE */
    { 8ul << 20, 8ul << 20 },             /* MEMLOCK */
    INF, INF,                             /* AS, LOCKS */
    { 0, 0 },                             /* SIGPENDING: rlimit_init */
    { 819200, 819200 },                   /* MSGQUEUE */
    { 0, 0 }, { 0, 0 },                   /* NICE, RTPRIO */
    INF,                                  /* RTTIME */
};
#undef INF
static spinlock_t limits_lock = SPINLOCK_INIT;   /* guards limits */

/* Linux's fork_init: RLIMIT_NPROC and RLIMIT_SIGPENDING are half of
 * max_threads, as many threads as would fill an eighth of RAM with their
 * 16 KiB stacks, at least 20 (set_max_threads). So a program's queued
 * signals and timers fit in the memory it has. */
void rlimit_init(void)
{
    uint64_t threads = pmm_total_pages() * PAGE_SIZE / (8 * THREAD_SIZE);
    uint64_t half = MIN(MAX(threads, MIN_THREADS), MAX_THREADS) / 2;
    limits[RLIMIT_NPROC] = limits[RLIMIT_SIGPENDING] = (struct rlimit){ half, half };
}

uint64_t rlimit_cur(int resource)
{
    uint64_t f = spin_lock_irqsave(&limits_lock);
    uint64_t cur = limits[resource].cur;
    spin_unlock_irqrestore(&limits_lock, f);
    return cur;
}

long sys_prlimit64(uint64_t pid, uint64_t resource, uint64_t new_limit, uint64_t old_limit)
{
    if (resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (pid != 0 && (int)pid != current_proc()->pid)
        return -ESRCH;
    struct rlimit nl;
    if (new_limit && copy_from_user(&nl, (void *)new_limit, sizeof(nl)))
        return -EFAULT;
    if (new_limit && nl.cur > nl.max)
        return -EINVAL;
    uint64_t f = spin_lock_irqsave(&limits_lock);
    struct rlimit old = limits[resource];
    if (new_limit)
        limits[resource] = nl;
    spin_unlock_irqrestore(&limits_lock, f);
    if (old_limit && copy_to_user((void *)old_limit, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}
SYSCALL(302, prlimit64);

long sys_getrlimit(uint64_t resource, uint64_t rlim)
{
    if (!rlim)
        return -EFAULT;
    return sys_prlimit64(0, resource, 0, rlim);
}
SYSCALL(97, getrlimit);

long sys_setrlimit(uint64_t resource, uint64_t rlim)
{
    if (!rlim)
        return -EFAULT;
    return sys_prlimit64(0, resource, rlim, 0);
}
SYSCALL(160, setrlimit);

long sys_getcpu(uint64_t cpu, uint64_t node, uint64_t cache)
{
    unsigned id = (unsigned)this_cpu()->id, zero = 0;
    if ((cpu && put_user(id, (unsigned *)cpu)) || (node && put_user(zero, (unsigned *)node)))
        return -EFAULT;
    return 0;
}
SYSCALL(309, getcpu);

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_TIMERSLACK 30
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

long sys_prctl(uint64_t option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct thread *t = current_thread();
    char name[16];
    long r;
    switch (option) {
    case PR_SET_NAME:
        r = strncpy_from_user(name, (const char *)a2, sizeof(name));
        if (r == -EFAULT)
            return r;
        name[sizeof(name) - 1] = 0;          /* Linux truncates silently */
        memcpy(t->comm, name, sizeof(name));
        return 0;
    case PR_GET_NAME:
        return copy_to_user((void *)a2, t->comm[0] ? t->comm : t->proc->comm, 16);
    case PR_GET_DUMPABLE:
        return t->proc->dumpable;
    case PR_SET_DUMPABLE:
        if (a2 > 1)
            return -EINVAL;
        t->proc->dumpable = a2;
        return 0;
    case PR_SET_PDEATHSIG:
        /* The parent of the first process is the machine: it never dies
         * before the program. */
        return a2 <= 64 ? 0 : -EINVAL;
    case PR_GET_PDEATHSIG:
        return put_user(0, (int *)a2);
    case PR_GET_TIMERSLACK:
        return 50000;                         /* Linux's default, in ns */
    case PR_SET_NO_NEW_PRIVS:
        if (a2 != 1 || a3 || a4 || a5)
            return -EINVAL;
        t->proc->no_new_privs = true;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        return t->proc->no_new_privs;
    default:
        return -EINVAL;
    }
}
SYSCALL(157, prctl);

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct rusage {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
    int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

/* Splits precise CPU time by the tick's user/kernel samples, as Linux's
 * cputime_adjust does. */
static void fill_times(struct rusage *ru, uint64_t total, uint64_t user_samples, uint64_t sys_samples)
{
    uint64_t samples = user_samples + sys_samples;
    /* total * user_samples / samples, without overflowing 64 bits */
    uint64_t user = samples ? total / samples * user_samples + total % samples * user_samples / samples
                            : total;
    uint64_t sys = total - user;
    ru->utime_sec = (int64_t)(user / NSEC_PER_SEC);
    ru->utime_usec = (int64_t)(user % NSEC_PER_SEC / 1000);
    ru->stime_sec = (int64_t)(sys / NSEC_PER_SEC);
    ru->stime_usec = (int64_t)(sys % NSEC_PER_SEC / 1000);
}

long sys_getrusage(uint64_t who, uint64_t usage)
{
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    struct thread *t = current_thread();
    struct process *p = t->proc;
    switch ((int)who) {
    case RUSAGE_SELF: {
        uint64_t u = p->utime_ns, s = p->stime_ns;
        uint64_t f = spin_lock_irqsave(&p->lock);
        for (struct thread *x = p->threads; x; x = x->proc_next) {
            u += x->utime_ns;
            s += x->stime_ns;
        }
        spin_unlock_irqrestore(&p->lock, f);
        fill_times(&ru, process_cputime_ns(p), u, s);
        break;
    }
    case RUSAGE_THREAD:
        fill_times(&ru, thread_cputime_ns(t), t->utime_ns, t->stime_ns);
        break;
    case RUSAGE_CHILDREN:
        break;                        /* no children */
    default:
        return -EINVAL;
    }
    ru.maxrss = (int64_t)(p->mm->rss_peak * 4);  /* KiB */
    return copy_to_user((void *)usage, &ru, sizeof(ru));
}
SYSCALL(98, getrusage);
