/* Signals, as Linux delivers them on x86-64: per-process actions,
 * per-thread masks and alternate stacks, pending sets for the thread and
 * for the process, and the rt_sigframe (siginfo, ucontext with all
 * registers and the XSAVE state) that handlers get and rt_sigreturn reads
 * back. HotSpot depends on all of it: implicit null checks, safepoint
 * polls and stack banging are faults it handles. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGSYS 31
#define SIGRTMIN 32                /* the kernel's: glibc keeps 32 and 33 for itself */
#define NSIG 64

/* si_code values */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define TRAP_BRKPT 1
#define TRAP_TRACE 2

#define SIG_DFL 0
#define SIG_IGN 1

#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_RESTORER 0x04000000

/* Blocking calls return these when a signal interrupts them; the
 * delivery code turns them into a restart or -EINTR, as Linux does. */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514

struct trapframe;
struct thread;
struct process;
struct ksiginfo;
struct sigqueue;

static inline uint64_t sigbit(int sig) { return 1ul << (sig - 1); }

/* A signal the thread would act on now is pending. */
bool signal_pending(struct thread *t);
/* A fault in user mode (tf: its registers): the signal is delivered
 * before the thread runs on; blocked or ignored, it kills the process. */
void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr);
/* Sends sig to the current thread (e.g. SIGPIPE). */
void signal_raise_self(int sig);
/* Make sig pending for a thread or the whole process: 0, -EINVAL, or
 * -EAGAIN when a real-time signal cannot be queued. A real-time signal
 * allocates its queue entry: not from interrupt handlers. */
int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info);
int signal_send_process(struct process *p, int sig, const struct ksiginfo *info);
/* A timer's signal, with p->lock held (from the tick, or a kernel timer),
 * to thread t or to the process (t NULL). A POSIX timer's (q->info.timer
 * set) is queued in q, its own entry, once: 1 when queued, 0 when still
 * pending from before (an overrun), -1 when dropped (ignored). setitimer's
 * is a plain signal. */
int signal_send_timer(struct process *p, struct thread *t, struct sigqueue *q);
/* Takes a POSIX timer's pending signal back (the timer is set anew, or
 * deleted). p->lock held. */
void signal_cancel_timer(struct process *p, struct thread *t, struct sigqueue *q);
/* A POSIX timer's entry, held from timer_create to timer_delete as Linux's
 * preallocated sigqueue: false past RLIMIT_SIGPENDING. p->lock held. */
bool signal_entry_take(struct process *p);
void signal_entry_put(struct process *p);
/* sig is no longer pending anywhere in p (it became ignored). p->lock held. */
void signal_discard(struct process *p, int sig);
/* Frees what a dead thread still had queued. */
void signal_thread_gone(struct thread *t);
/* Takes the next signal of set off t's pending sets, the thread's before
 * the process's, blocked or not (signalfd's read): the signal, 0 if none. */
int signal_dequeue(struct thread *t, uint64_t set, struct ksiginfo *info);
/* Waits for a signal of set (rt_sigtimedwait) and takes it off the pending
 * sets: the signal with its info; -EAGAIN when *timeout_ns (NULL: none)
 * passes first, -EINTR when a handler of another signal ran. The set is
 * unblocked while waiting (as Linux's real_blocked), so that sending one
 * wakes this thread. */
int signal_timedwait(uint64_t set, const uint64_t *timeout_ns, struct ksiginfo *info);
/* Acts on the current thread's pending signals before it returns to user
 * mode: runs a handler (building its frame on the user stack), or the
 * default action. */
void signal_deliver(struct trapframe *tf);
const char *signal_name(int sig);
struct k_sigaction;
/* siginfo_t as user space sees it. */
struct user_siginfo {
    int32_t si_signo, si_errno, si_code, pad;
    union {
        uint64_t addr;
        struct { int32_t pid; uint32_t uid; uint64_t value; } kill;   /* also _rt */
        uint8_t raw[112];
    };
};

/* The user's siginfo: the sender for kill/tgkill (SI_USER, SI_TKILL) and
 * the sigqueue kinds (si_code < 0, with si_value), the address for faults. */
void signal_fill_siginfo(struct user_siginfo *ui, int sig, const struct ksiginfo *ki);
/* The action ignores sig: SIG_IGN, or SIG_DFL for a signal whose default is to ignore. */
bool signal_action_ignores(const struct k_sigaction *act, int sig);

/* sigaltstack's stack_t. */
struct user_stack { uint64_t ss_sp; int32_t ss_flags; int32_t pad; uint64_t ss_size; };
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ 2048
/* The alternate stack as sigaltstack reports it to code running at sp. */
void signal_get_altstack(struct thread *t, uint64_t sp, struct user_stack *ss);
/* Sets it, as Linux's do_sigaltstack: 0, -EPERM while sp is on it,
 * -EINVAL for unknown flags, -ENOMEM below MINSIGSTKSZ. */
int signal_set_altstack(struct thread *t, uint64_t sp, const struct user_stack *ss);
/* rt_sigreturn's work on the current thread's trapframe: the value its
 * rax ends up with. */
long signal_return(struct trapframe *tf);
