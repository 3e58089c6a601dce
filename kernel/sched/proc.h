/* Processes and threads. A process owns an address space, file
 * descriptors and a working directory; its threads (1:1 with Linux tasks)
 * share them. Today there is one process, the program egg boots; the
 * structure already carries threads for the JVM. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "lib/spinlock.h"
#include "sched/timer.h"
#include "sched/wait.h"

struct trapframe;
struct mm;
struct fdtable;
struct vnode;

#define KSTACK_SIZE (16 * 1024)

enum thread_state { THREAD_RUNNABLE, THREAD_RUNNING, THREAD_SLEEPING, THREAD_DEAD };

struct fs_context {            /* CLONE_FS shares it */
    spinlock_t lock;           /* guards cwd */
    int refcount;
    struct vnode *root, *cwd;
};

/* What a signal does (rt_sigaction's struct kernel_sigaction). */
struct k_sigaction {
    uint64_t handler;          /* SIG_DFL (0), SIG_IGN (1) or an address */
    uint64_t flags;            /* SA_* */
    uint64_t restorer;
    uint64_t mask;
};

struct ptimer;

/* What getrusage counts besides time; only the thread itself changes its
 * own (a page fault, a switch away from it). */
struct thread_counts {
    uint64_t minflt;           /* page faults resolved without I/O (all of them: no disk) */
    uint64_t nvcsw;            /* switches away while sleeping */
    uint64_t nivcsw;           /* switches away while runnable (preempted, sched_yield) */
};

/* Where a pending signal came from, for its siginfo. */
struct ksiginfo {
    int code;                  /* si_code */
    /* The sender, for kill/tgkill and sigqueue; for SI_TIMER the timer's
     * id and overrun count, the same words of siginfo. */
    int pid, uid;
    uint64_t addr;             /* si_addr, for faults */
    uint64_t value;            /* si_value, for sigqueue and timers (si_code < 0) */
    struct ptimer *timer;      /* a POSIX timer's signal: its timer */
    bool counted;              /* holds one of the process's RLIMIT_SIGPENDING entries */
};

/* Real-time signals queue: each instance sent is delivered. The first
 * pending one sits in siginfo[] like any signal, the later ones here. A
 * POSIX timer's entry is part of its timer (info.timer set): never freed
 * here, and counted against RLIMIT_SIGPENDING while the timer exists
 * (signal_entry_take), not while its signal is pending. */
struct sigqueue {
    int sig;
    struct ksiginfo info;
    struct sigqueue *next;
};

/* Oldest first; last makes appending O(1). */
struct sigqueue_list {
    struct sigqueue *head, *last;
};

/* A timer of the process: one of setitimer's three, or a POSIX timer
 * (timer_create). Its times count in its clock's nanoseconds. */
struct ptimer {
    struct process *proc;
    int id;                    /* timer_create's; -1 for setitimer's */
    int clock;                 /* CLOCK_*, or ITIMER_VIRTUAL's CLOCK_PROCESS_UTIME */
    int notify;                /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
    int target_tid;            /* SIGEV_THREAD_ID: the thread it signals */
    int clock_tid;             /* CLOCK_THREAD_CPUTIME_ID: the thread whose time counts */
    uint64_t expires;          /* 0: disarmed */
    uint64_t interval;         /* 0: one-shot */
    uint64_t overrun;          /* expiries since its pending signal was queued */
    int overrun_last;          /* what the last signal delivered carried */
    struct ktimer kt;          /* wakes it on a clock of real time */
    struct sigqueue q;         /* its signal */
    struct ptimer *next;       /* the next in its chain of process.timers */
};

#define NSIG_MAX 64

struct process {
    int pid, ppid;
    /* guards threads, actions, shared_pending, shared_info, shared_queue,
     * the timers (itimers, timers, timer_buckets, ntimers, next_timer_id,
     * cpu_timers) */
    spinlock_t lock;
    struct thread *threads;    /* linked through thread.proc_next */
    struct k_sigaction actions[NSIG_MAX];
    uint64_t shared_pending;   /* process-directed signals (kill) */
    struct ksiginfo shared_info[NSIG_MAX];
    struct sigqueue_list shared_queue; /* more process-directed real-time signals */
    /* pending signals holding an entry (ksiginfo.counted), the process's
     * and its threads', and POSIX timers: at most RLIMIT_SIGPENDING, as
     * Linux's per-user count */
    uint64_t queued;
    uint32_t membarrier_registered; /* MEMBARRIER_CMD_REGISTER_* commands made (sys/process.c) */
    /* signalfds reading this process's signals: woken whenever one becomes
     * pending, blocked or not (Linux's sighand->signalfd_wqh) */
    struct waitq signalfd_wq;
    struct mm *mm;
    struct fdtable *files;
    struct fs_context *fs;
    uint32_t umask;
    char comm[16];             /* basename of the program, as Linux's comm */
    char exe[256];             /* absolute path, for /proc/self/exe */
    int nthreads;
    int exit_status;           /* wait status: code << 8, or signal */
    bool dumpable;             /* prctl PR_SET_DUMPABLE */
    bool no_new_privs;         /* prctl PR_SET_NO_NEW_PRIVS */
    uint64_t start_ns;         /* monotonic */
    uint64_t utime_ns, stime_ns;   /* CPU time of dead threads */
    uint64_t run_ns;               /* their precise running time */
    struct thread_counts dead_counts; /* their counts */
    struct ptimer itimers[3];      /* setitimer's ITIMER_REAL, _VIRTUAL, _PROF */
    /* timer_create's, by id: a hash table of timer_buckets chains (a power
     * of two, at least ntimers), NULL before the first */
    struct ptimer **timers;
    unsigned timer_buckets;
    int ntimers, next_timer_id;
    int cpu_timers;                /* armed timers on CPU-time clocks, for the tick */
};

struct thread {
    uint64_t ksp;              /* saved kernel stack pointer (sched/switch.S) */
    void *kstack;              /* KSTACK_SIZE bytes */
    struct trapframe *tf;      /* user registers, at the top of kstack */
    struct process *proc;
    int tid;
    enum thread_state state;
    uint64_t fs_base;
    void *fpu;                 /* XSAVE/FXSAVE area, 64-byte aligned */
    int *clear_child_tid;      /* user address, set_tid_address */
    uint64_t robust_list;      /* user address, set_robust_list */
    char comm[16];             /* the thread's name (prctl PR_SET_NAME) */
    uint64_t cpus_allowed;     /* sched_setaffinity's CPUs; 0: all (not set) */
    uint64_t rseq;             /* user address of its struct rseq, 0 if none */
    uint32_t rseq_len, rseq_sig;
    bool rseq_resume;          /* preempted or signalled since it last ran in user mode */
    struct waiter *waiting;    /* the wait queue entry while sleeping */
    uint64_t wake_at;          /* monotonic ns deadline while sleeping, 0 = none */
    bool timed_out;
    uint64_t sigpending;       /* thread-directed signals (bit n-1 = signal n) */
    uint64_t sigmask;          /* blocked signals */
    uint64_t saved_sigmask;    /* rt_sigsuspend's mask to restore after the handler */
    bool has_saved_sigmask;
    struct ksiginfo siginfo[NSIG_MAX];
    struct sigqueue_list sigqueue; /* more thread-directed real-time signals */
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;
    struct thread *proc_next;  /* the process's threads */
    uint64_t utime_ns, stime_ns;   /* sampled by the tick: user and kernel time */
    uint64_t run_ns;               /* precise running time, up to ran_since */
    struct thread_counts counts;
    uint64_t ran_since;            /* monotonic ns when it last got the CPU */
    struct thread *rq_next;    /* run queue */
    bool batch;                /* used a whole slice since it last slept (sched.c) */
    struct ktimer sleep_timer; /* wakes it at wake_at */
};

/* The thread running on this CPU. */
struct thread *current_thread(void);
static inline struct process *current_proc(void) { return current_thread()->proc; }
