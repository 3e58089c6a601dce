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
#include "sys/process.h"
#include "sys/rlimit.h"
#include "sys/syscall.h"
#include "uapi/time.h"

SYSCALL_DEFINE1(exit, int, status) { thread_exit(status & 0xFF); }

SYSCALL_DEFINE1(exit_group, int, status) { process_exit_group(status & 0xFF); }

SYSCALL_DEFINE0(getpid) { return current_proc()->pid; }

SYSCALL_DEFINE0(gettid) { return current_thread()->tid; }

SYSCALL_DEFINE0(getppid) { return current_proc()->ppid; }

/* Everything runs as root. */
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }

/* A unikernel runs one program: there is no second address space to fork
 * into, nor a second program to exec. The calls fail with ENOSYS, whose
 * text the JDK puts in ProcessBuilder.start()'s IOException ("Cannot run
 * program "ls": error=38, Function not implemented"), the clearest of the
 * errnos; EAGAIN or ENOMEM would invite a retry that can never succeed. */
long no_second_program(const char *path)
{
    static bool told;                  /* the line is printed once */
    if (!__atomic_exchange_n(&told, true, __ATOMIC_RELAXED))
        klog("eggos: %s tried to start a program%s%s%s: a unikernel runs one program; "
             "fork and exec are not available (ENOSYS)", current_proc()->comm,
             path ? " (" : "", path ? path : "", path ? ")" : "");
    return -ENOSYS;
}

SYSCALL_DEFINE0(fork) { return no_second_program(NULL); }

SYSCALL_DEFINE0(vfork) { return no_second_program(NULL); }

/* The path is read first: a bad pointer is EFAULT, as on Linux. A path
 * too long for the log line is left out of it. */
SYSCALL_DEFINE3(execve, const char __user *, upath, const char __user *const __user *, argv,
               const char __user *const __user *, envp)
{
    char path[256];
    long r = strncpy_from_user(path, upath, sizeof path);
    if (r == -EFAULT)
        return r;
    return no_second_program(r < 0 ? NULL : path);
}

/* The wait calls find what Linux finds for a process without children:
 * after Linux's argument checks, ECHILD. */
#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WSTOPPED WUNTRACED
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3
#define INT_MIN (-0x7fffffff - 1)

SYSCALL_DEFINE4(wait4, int, pid, int __user *, status, int, options, void __user *, rusage)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
        return -EINVAL;
    if (pid == INT_MIN)                /* -pid would overflow */
        return -ESRCH;
    return -ECHILD;
}

SYSCALL_DEFINE5(waitid, int, which, int, id, void __user *, infop, int, options,
               void __user *, rusage)
{
    if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
                    __WCLONE | __WALL))
        return -EINVAL;
    if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    switch (which) {
    case P_ALL:
        break;
    case P_PID:
    case P_PGID:
        if (id < (which == P_PID))     /* a pid is positive, a group 0 (the caller's) or more */
            return -EINVAL;
        break;
    case P_PIDFD:
        if (id < 0)
            return -EINVAL;
        return -EBADF;                 /* eggos has no pidfds: no fd is one */
    default:
        return -EINVAL;
    }
    return -ECHILD;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
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
        return put_user(t->fs_base, (uint64_t __user *)addr);
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        /* The kernel owns GS (swapgs); programs on x86-64 Linux use FS. */
        return -EINVAL;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
    current_thread()->clear_child_tid = tidptr;
    return current_thread()->tid;
}

SYSCALL_DEFINE0(sched_yield)
{
    schedule();
    return 0;
}

/* The online CPUs, as a mask. */
static uint64_t online_cpus(void)
{
    return cpu_count() >= 64 ? ~0ul : (1ul << cpu_count()) - 1;
}

/* The thread pid names (0: the caller), or NULL: ESRCH. */
static struct thread *thread_of(int pid)
{
    return pid ? process_find_thread(current_proc(), pid) : current_thread();
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len, uint64_t __user *, mask)
{
    /* Linux: the size must hold the kernel's mask (8 bytes here) and be a
     * multiple of sizeof(long); it returns the bytes it wrote. */
    if (len < sizeof(uint64_t) || (len & (sizeof(uint64_t) - 1)))
        return -EINVAL;
    struct thread *t = thread_of(pid);
    if (!t)
        return -ESRCH;
    uint64_t allowed = __atomic_load_n(&t->cpus_allowed, __ATOMIC_RELAXED);
    if (put_user(online_cpus() & (allowed ? allowed : ~0ul), mask))
        return -EFAULT;
    return sizeof(uint64_t);
}

/* As Linux: a shorter mask is padded with zeros, bits past the kernel's
 * 64 CPUs are ignored, and the mask must hold an online CPU. One CPU runs
 * threads today; with SMP (issue 16) the scheduler must honour it. */
SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned int, len, const void __user *, umask)
{
    uint64_t mask = 0;
    if (copy_from_user(&mask, umask, MIN(len, sizeof mask)))
        return -EFAULT;
    struct thread *t = thread_of(pid);
    if (!t)
        return -ESRCH;
    if (!(mask & online_cpus()))
        return -EINVAL;
    __atomic_store_n(&t->cpus_allowed, mask, __ATOMIC_RELAXED);
    return 0;
}

/* membarrier's commands (<linux/membarrier.h>). */
#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED (1 << 4)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE (1 << 5)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ (1 << 7)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ (1 << 8)
#define MEMBARRIER_CMD_GET_REGISTRATIONS (1 << 9)
#define MEMBARRIER_CMD_FLAG_CPU 1
#define MEMBARRIER_CMDS ((MEMBARRIER_CMD_GET_REGISTRATIONS << 1) - 1)

/* membarrier: a memory barrier on every CPU running the process's
 * threads. One CPU runs them today, and every switch to another thread
 * passes a full barrier (a lock), so each barrier command only has to
 * answer as Linux does (registration first for the expedited ones, EPERM
 * without). With SMP (issue 16) the expedited commands must send an IPI to
 * each CPU running a thread of the process. */
SYSCALL_DEFINE3(membarrier, int, cmd, unsigned, flags, int, cpu_id)
{
    struct process *p = current_proc();
    if (flags && (cmd != MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ || flags != MEMBARRIER_CMD_FLAG_CPU))
        return -EINVAL;
    uint32_t registered = __atomic_load_n(&p->membarrier_registered, __ATOMIC_ACQUIRE);
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return MEMBARRIER_CMDS;
    case MEMBARRIER_CMD_GLOBAL:
    case MEMBARRIER_CMD_GLOBAL_EXPEDITED:   /* registration is for the targets, not the caller */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return 0;
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
        /* each command's registration is the next bit up */
        if (!(registered & ((unsigned)cmd << 1)))
            return -EPERM;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return 0;
    case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
        __atomic_fetch_or(&p->membarrier_registered, (uint32_t)cmd, __ATOMIC_RELEASE);
        return 0;
    case MEMBARRIER_CMD_GET_REGISTRATIONS:
        return registered;
    default:
        return -EINVAL;
    }
}

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

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
               const struct rlimit __user *, new_limit, struct rlimit __user *, old_limit)
{
    if (resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (pid != 0 && pid != current_proc()->pid)
        return -ESRCH;
    struct rlimit nl;
    if (new_limit && copy_from_user(&nl, new_limit, sizeof(nl)))
        return -EFAULT;
    if (new_limit && nl.cur > nl.max)
        return -EINVAL;
    uint64_t f = spin_lock_irqsave(&limits_lock);
    struct rlimit old = limits[resource];
    if (new_limit)
        limits[resource] = nl;
    spin_unlock_irqrestore(&limits_lock, f);
    if (old_limit && copy_to_user(old_limit, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
    if (!rlim)
        return -EFAULT;
    return sys_prlimit64(0, resource, NULL, rlim);
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, const struct rlimit __user *, rlim)
{
    if (!rlim)
        return -EFAULT;
    return sys_prlimit64(0, resource, rlim, NULL);
}

SYSCALL_DEFINE3(getcpu, unsigned __user *, cpu, unsigned __user *, node, void __user *, cache)
{
    unsigned id = (unsigned)this_cpu()->id, zero = 0;
    if ((cpu && put_user(id, cpu)) || (node && put_user(zero, node)))
        return -EFAULT;
    return 0;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_TIMERSLACK 30
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

/* The options' arguments are unsigned longs, pointers to some (Linux's). */
SYSCALL_DEFINE5(prctl, int, option, unsigned long, a2, unsigned long, a3, unsigned long, a4,
               unsigned long, a5)
{
    struct thread *t = current_thread();
    char name[16];
    long r;
    switch (option) {
    case PR_SET_NAME:
        r = strncpy_from_user(name, (const char __user *)a2, sizeof(name));
        if (r == -EFAULT)
            return r;
        name[sizeof(name) - 1] = 0;          /* Linux truncates silently */
        memcpy(t->comm, name, sizeof(name));
        return 0;
    case PR_GET_NAME:
        return copy_to_user((void __user *)a2, t->comm[0] ? t->comm : t->proc->comm, 16);
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
        return put_user(0, (int __user *)a2);
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

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

/* Splits precise CPU time by the tick's user/kernel samples, as Linux's
 * cputime_adjust does: *user and *sys in ns. */
static void split_time(uint64_t total, uint64_t user_samples, uint64_t sys_samples,
                       uint64_t *user, uint64_t *sys)
{
    uint64_t samples = user_samples + sys_samples;
    /* total * user_samples / samples, without overflowing 64 bits */
    *user = samples ? total / samples * user_samples + total % samples * user_samples / samples
                    : total;
    *sys = total - *user;
}

static void add_counts(struct thread_counts *sum, const struct thread_counts *c)
{
    sum->minflt += __atomic_load_n(&c->minflt, __ATOMIC_RELAXED);
    sum->nvcsw += __atomic_load_n(&c->nvcsw, __ATOMIC_RELAXED);
    sum->nivcsw += __atomic_load_n(&c->nivcsw, __ATOMIC_RELAXED);
}

/* The process's CPU time (ns) and counts: its live threads' and its dead ones'. */
static void process_usage(struct process *p, uint64_t *user, uint64_t *sys,
                          struct thread_counts *counts)
{
    uint64_t u = p->utime_ns, s = p->stime_ns;
    *counts = (struct thread_counts){ 0 };
    add_counts(counts, &p->dead_counts);
    uint64_t f = spin_lock_irqsave(&p->lock);
    for (struct thread *x = p->threads; x; x = x->proc_next) {
        u += x->utime_ns;
        s += x->stime_ns;
        add_counts(counts, &x->counts);
    }
    spin_unlock_irqrestore(&p->lock, f);
    split_time(process_cputime_ns(p), u, s, user, sys);
}

struct rusage {
    struct kernel_timeval utime, stime;
    int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
    int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

/* Every fault is minor (files are in memory), nothing is swapped, and the
 * block and IPC counts stay 0, as Linux's for a tmpfs-only program. */
SYSCALL_DEFINE2(getrusage, int, who, struct rusage __user *, usage)
{
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    struct thread *t = current_thread();
    struct process *p = t->proc;
    uint64_t user, sys;
    struct thread_counts counts = { 0 };
    switch (who) {
    case RUSAGE_SELF:
        process_usage(p, &user, &sys, &counts);
        break;
    case RUSAGE_THREAD:
        split_time(thread_cputime_ns(t), t->utime_ns, t->stime_ns, &user, &sys);
        add_counts(&counts, &t->counts);
        break;
    case RUSAGE_CHILDREN:
        user = sys = 0;               /* no children */
        break;
    default:
        return -EINVAL;
    }
    ru.utime = ns_to_timeval(user);
    ru.stime = ns_to_timeval(sys);
    ru.minflt = (int64_t)counts.minflt;
    ru.nvcsw = (int64_t)counts.nvcsw;
    ru.nivcsw = (int64_t)counts.nivcsw;
    if (who != RUSAGE_CHILDREN)
        ru.maxrss = (int64_t)(p->mm->rss_peak * 4);  /* KiB, the process's for a thread too */
    return copy_to_user(usage, &ru, sizeof(ru));
}

#define USER_HZ 100                   /* times' clock ticks, sysconf(_SC_CLK_TCK) */

struct tms { int64_t utime, stime, cutime, cstime; };

static int64_t ns_to_ticks(uint64_t ns) { return (int64_t)(ns / (NSEC_PER_SEC / USER_HZ)); }

/* The process's CPU time in clock ticks, and the ticks since boot (Linux's
 * count starts elsewhere: programs use only differences). buf may be NULL. */
SYSCALL_DEFINE1(times, struct tms __user *, buf)
{
    if (buf) {
        uint64_t user, sys;
        struct thread_counts counts;
        process_usage(current_proc(), &user, &sys, &counts);
        struct tms t = { ns_to_ticks(user), ns_to_ticks(sys), 0, 0 };
        if (copy_to_user(buf, &t, sizeof t))
            return -EFAULT;
    }
    return ns_to_ticks(clock_monotonic_ns());
}
