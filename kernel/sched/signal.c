#include "sched/signal.h"
#include "sys/rlimit.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/exit.h"
#include "sched/itimer.h"
#include "sched/proc.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sched/wait.h"

/* The user-visible structures, as <asm/sigcontext.h> and <asm/ucontext.h>. */
struct sigcontext64 {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2, fpstate;
    uint64_t reserved1[8];
};

struct user_ucontext {
    uint64_t uc_flags, uc_link;
    struct user_stack uc_stack;
    struct sigcontext64 uc_mcontext;
    uint64_t uc_sigmask;
};

struct rt_sigframe {
    uint64_t pretcode;          /* the handler returns to sa_restorer */
    struct user_ucontext uc;
    struct user_siginfo info;
    /* the FPU state follows, 64-byte aligned */
};

#define UC_FP_XSTATE 1
#define UC_SIGCONTEXT_SS 2
#define UC_STRICT_RESTORE_SS 4
#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define REDZONE 128
/* The flags a handler may change through its ucontext. */
#define FIX_EFLAGS 0x50DD5ul   /* AC OF DF TF SF ZF AF PF CF RF NT */

void signal_fill_siginfo(struct user_siginfo *ui, int sig, const struct ksiginfo *ki)
{
    ui->si_signo = sig;
    ui->si_code = ki->code;
    if (ki->code <= SI_USER) {
        ui->kill.pid = ki->pid;
        ui->kill.uid = (uint32_t)ki->uid;
        if (ki->code < 0 && ki->code != SI_TKILL)
            ui->kill.value = ki->value;
    } else {
        ui->addr = ki->addr;
    }
}

static const char *const names[] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
    [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
};

const char *signal_name(int sig)
{
    return sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig] ? names[sig] : "signal";
}

static uint64_t deliverable(struct thread *t)
{
    return (t->sigpending | t->proc->shared_pending) & ~t->sigmask;
}

bool signal_pending(struct thread *t)
{
    return t->proc && deliverable(t) != 0;
}

static bool default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
           sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

bool signal_action_ignores(const struct k_sigaction *act, int sig)
{
    return act->handler == SIG_IGN || (act->handler == SIG_DFL && default_ignored(sig));
}

/* Linux's sig_ignored: a signal that would be ignored is dropped when it
 * is sent, unless blocked (the action may change before it is unblocked).
 * So it never interrupts a sleep. p->lock held. */
static bool ignored(struct process *p, struct thread *t, int sig)
{
    return !(t->sigmask & sigbit(sig)) && signal_action_ignores(&p->actions[sig - 1], sig);
}

/* Linux's __sigqueue_alloc: whether a new pending signal takes one of the
 * process's RLIMIT_SIGPENDING entries. Past the limit, a standard signal
 * the kernel or kill sends (si_code >= 0) takes one anyway. p->lock held. */
static bool may_count(struct process *p, int sig, const struct ksiginfo *info)
{
    return p->queued < rlimit_cur(RLIMIT_SIGPENDING) || (sig < SIGRTMIN && info->code >= 0);
}

bool signal_entry_take(struct process *p)
{
    if (p->queued >= rlimit_cur(RLIMIT_SIGPENDING))
        return false;
    p->queued++;
    return true;
}

void signal_entry_put(struct process *p)
{
    p->queued--;
}

/* A pending instance leaves: its entry is free again. p->lock held. */
static void uncount(struct process *p, const struct ksiginfo *info)
{
    if (info->counted)
        p->queued--;
}

/* Appends q to l: O(1). */
static void queue_append(struct sigqueue_list *l, struct sigqueue *q)
{
    q->next = NULL;
    if (l->last)
        l->last->next = q;
    else
        l->head = q;
    l->last = q;
}

/* Unlinks the entry *link points to (a link of l) and returns it. */
static struct sigqueue *queue_unlink(struct sigqueue_list *l, struct sigqueue **link)
{
    struct sigqueue *q = *link;
    *link = q->next;
    if (l->last == q)
        l->last = link == &l->head ? NULL : container_of(link, struct sigqueue, next);
    return q;
}

/* Makes sig pending in one of the sets (a thread's or the process's):
 * a standard signal already pending stays one, a real-time one queues
 * another instance. Each instance takes one of RLIMIT_SIGPENDING's
 * entries; past the limit a real-time signal is -EAGAIN unless kill sent
 * it (SI_USER), and then it is pending only once, without its siginfo
 * (Linux's __send_signal_locked). A POSIX timer's signal always queues
 * its own entry, as Linux's preallocated one, counted since timer_create. spare: a free entry for the
 * queue (the timer's own), or NULL; consumed when used. p->lock held. */
static int make_pending(struct process *p, uint64_t *pending, struct ksiginfo *infos,
                        struct sigqueue_list *queue, int sig, const struct ksiginfo *info,
                        struct sigqueue **spare)
{
    bool first = !(*pending & sigbit(sig));
    if (!first && sig < SIGRTMIN && !info->timer)
        return 0;
    bool counted = !info->timer && may_count(p, sig, info);
    if (!info->timer && !counted && sig >= SIGRTMIN && info->code != SI_USER)
        return -EAGAIN;
    if (first) {
        /* past the limit: Linux's collect_signal finds no entry and says SI_USER */
        infos[sig - 1] = counted || info->timer ? *info : (struct ksiginfo){ .code = SI_USER };
    } else if (counted || info->timer) {
        if (!*spare)
            return info->code == SI_USER || info->code == SI_TKILL ? 0 : -EAGAIN;
        struct sigqueue *q = *spare;
        *spare = NULL;
        *q = (struct sigqueue){ sig, *info, NULL };
        queue_append(queue, q);
    } else {
        return 0;                     /* kill past the limit: pending already */
    }
    *pending |= sigbit(sig);
    (first ? &infos[sig - 1] : &queue->last->info)->counted = counted;
    p->queued += counted;
    return 0;
}

/* A queue entry leaves its queue: freed, unless it is a timer's. */
static void release(struct process *p, struct sigqueue *q)
{
    if (q->info.timer)
        return;
    uncount(p, &q->info);
    kfree(q);
}

/* Takes the oldest queued instance of sig into infos[sig-1]: false when
 * there is none (sig is no longer pending there). The instance there
 * before leaves. p->lock held. */
static bool unqueue(struct process *p, struct ksiginfo *infos, struct sigqueue_list *queue, int sig)
{
    uncount(p, &infos[sig - 1]);
    for (struct sigqueue **qq = &queue->head; *qq; qq = &(*qq)->next) {
        if ((*qq)->sig == sig) {
            struct sigqueue *q = queue_unlink(queue, qq);
            infos[sig - 1] = q->info;
            q->info.counted = false;      /* moved to infos[] with its entry */
            release(p, q);
            return true;
        }
    }
    return false;
}

/* Drops every pending instance of the signals in mask from a set.
 * p->lock held. */
static void drop_pending(struct process *p, uint64_t *pending, struct ksiginfo *infos,
                         struct sigqueue_list *queue, uint64_t mask)
{
    for (int sig = 1; sig <= NSIG; sig++)
        if (*pending & mask & sigbit(sig))
            uncount(p, &infos[sig - 1]);
    *pending &= ~mask;
    for (struct sigqueue **qq = &queue->head; *qq;) {
        if (mask & sigbit((*qq)->sig))
            release(p, queue_unlink(queue, qq));
        else
            qq = &(*qq)->next;
    }
}

void signal_discard(struct process *p, int sig)
{
    drop_pending(p, &p->shared_pending, p->shared_info, &p->shared_queue, sigbit(sig));
    for (struct thread *t = p->threads; t; t = t->proc_next)
        drop_pending(p, &t->sigpending, t->siginfo, &t->sigqueue, sigbit(sig));
}

void signal_thread_gone(struct thread *t)
{
    uint64_t f = spin_lock_irqsave(&t->proc->lock);
    drop_pending(t->proc, &t->sigpending, t->siginfo, &t->sigqueue, ~0ul);
    spin_unlock_irqrestore(&t->proc->lock, f);
}

/* The thread kill's pid names: Linux asks it whether it blocks a signal. */
static struct thread *main_thread(struct process *p)
{
    struct thread *t = p->threads;
    while (t && t->tid != p->pid)
        t = t->proc_next;
    return t;
}

/* Makes sig pending for thread t, or for the process when t is NULL
 * (one thread that does not block it is to take it): *wake is the thread
 * to wake. 0, 1 when sig is ignored (dropped), or -EAGAIN. spare as
 * make_pending's. p->lock held. */
static int send_locked(struct process *p, struct thread *t, int sig, const struct ksiginfo *info,
                       struct sigqueue **spare, struct thread **wake)
{
    *wake = NULL;
    if (t) {
        if (ignored(p, t, sig))
            return 1;
        int r = make_pending(p, &t->sigpending, t->siginfo, &t->sigqueue, sig, info, spare);
        if (r == 0 && (!(t->sigmask & sigbit(sig)) || sig == SIGKILL))
            *wake = t;
        return r;
    }
    struct thread *main = main_thread(p);
    if (main && ignored(p, main, sig))
        return 1;
    int r = make_pending(p, &p->shared_pending, p->shared_info, &p->shared_queue, sig, info, spare);
    for (struct thread *x = p->threads; x && r == 0 && !*wake; x = x->proc_next)
        if (!(x->sigmask & sigbit(sig)))
            *wake = x;
    return r;
}

/* send_locked, and the signalfds hear of a signal made pending. */
static int send_and_notify(struct process *p, struct thread *t, int sig,
                           const struct ksiginfo *info, struct sigqueue **spare,
                           struct thread **wake)
{
    int r = send_locked(p, t, sig, info, spare, wake);
    if (r == 0)
        wake_up(&p->signalfd_wq);
    return r;
}

static int send_signal(struct process *p, struct thread *t, int sig, const struct ksiginfo *info)
{
    if (sig < 1 || sig > NSIG)
        return -EINVAL;
    struct sigqueue *spare = sig >= SIGRTMIN ? kmalloc(sizeof(*spare)) : NULL;
    struct thread *wake;
    uint64_t f = spin_lock_irqsave(&p->lock);
    int r = send_and_notify(p, t, sig, info, &spare, &wake);
    spin_unlock_irqrestore(&p->lock, f);
    kfree(spare);
    if (wake)
        sched_wakeup(wake);
    return r < 0 ? r : 0;
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
    return send_signal(t->proc, t, sig, info);
}

int signal_send_process(struct process *p, int sig, const struct ksiginfo *info)
{
    return send_signal(p, NULL, sig, info);
}

/* The set a timer's signal goes to: thread t's, or the process's. */
struct pending_set {
    uint64_t *bits;
    struct ksiginfo *infos;
    struct sigqueue_list *queue;
};

static struct pending_set pending_set(struct process *p, struct thread *t)
{
    if (t)
        return (struct pending_set){ &t->sigpending, t->siginfo, &t->sigqueue };
    return (struct pending_set){ &p->shared_pending, p->shared_info, &p->shared_queue };
}

/* Where timer q's signal is pending in s: its slot in infos (true), or
 * its queue entry (*link set); neither when it is not pending there. */
static bool timer_slot(struct pending_set s, struct sigqueue *q, struct sigqueue ***link)
{
    *link = NULL;
    if ((*s.bits & sigbit(q->sig)) && s.infos[q->sig - 1].timer == q->info.timer)
        return true;
    for (struct sigqueue **qq = &s.queue->head; *qq; qq = &(*qq)->next)
        if (*qq == q)
            *link = qq;
    return false;
}

int signal_send_timer(struct process *p, struct thread *t, struct sigqueue *q)
{
    struct sigqueue **link, *spare = q->info.timer ? q : NULL;
    struct thread *wake;
    if (spare && (timer_slot(pending_set(p, t), q, &link) || link))
        return 0;
    if (send_and_notify(p, t, q->sig, &q->info, &spare, &wake))
        return -1;
    if (wake)
        sched_wakeup(wake);
    return 1;
}

void signal_cancel_timer(struct process *p, struct thread *t, struct sigqueue *q)
{
    struct pending_set s = pending_set(p, t);
    struct sigqueue **link;
    if (timer_slot(s, q, &link)) {
        if (!unqueue(p, s.infos, s.queue, q->sig))
            *s.bits &= ~sigbit(q->sig);
    } else if (link) {
        queue_unlink(s.queue, link);
    }
}

void signal_raise_self(int sig)
{
    /* As Linux's send_sig(sig, current, 0): from the user, that is us. */
    struct ksiginfo info = { .code = SI_USER, .pid = current_proc()->pid, .uid = 0 };
    signal_send_thread(current_thread(), sig, &info);
}

static __noreturn void die_by(int sig, const struct trapframe *tf, const struct ksiginfo *info)
{
    struct process *p = current_proc();
    klog("eggos: %s (pid %d, tid %d) killed by %s (code %d) at rip %#lx, address %#lx",
         p->comm, p->pid, current_thread()->tid, signal_name(sig), info->code, tf->rip,
         info->addr);
    process_exit_group(128 + sig);
}

void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr)
{
    struct thread *t = current_thread();
    struct ksiginfo info = { .code = code, .addr = addr };
    struct k_sigaction *act = &t->proc->actions[sig - 1];
    /* Linux's force_sig: a blocked or ignored fault cannot be survived. */
    if ((t->sigmask & sigbit(sig)) || act->handler == SIG_IGN || act->handler == SIG_DFL)
        die_by(sig, tf, &info);
    signal_send_thread(t, sig, &info);
}

/* Linux's next_signal: the synchronous signals (those faults raise)
 * first, then the lowest number. */
static int next_signal(uint64_t set)
{
    const uint64_t sync = sigbit(SIGSEGV) | sigbit(SIGBUS) | sigbit(SIGILL) | sigbit(SIGTRAP) |
                          sigbit(SIGFPE) | sigbit(SIGSYS);
    if (set & sync)
        set &= sync;
    return __builtin_ctzl(set) + 1;
}

int signal_dequeue(struct thread *t, uint64_t set, struct ksiginfo *info)
{
    struct process *p = t->proc;
    uint64_t f = spin_lock_irqsave(&p->lock);
    int sig = 0;
    uint64_t mine = t->sigpending & set;
    uint64_t shared = p->shared_pending & set;
    if (mine) {
        sig = next_signal(mine);
        *info = t->siginfo[sig - 1];
        if (!unqueue(p, t->siginfo, &t->sigqueue, sig))
            t->sigpending &= ~sigbit(sig);
    } else if (shared) {
        sig = next_signal(shared);
        *info = p->shared_info[sig - 1];
        if (!unqueue(p, p->shared_info, &p->shared_queue, sig))
            p->shared_pending &= ~sigbit(sig);
    }
    if (sig && info->timer)
        ptimer_delivered(info);
    spin_unlock_irqrestore(&p->lock, f);
    return sig;
}

/* The next deliverable signal: 0 if none. */
static int dequeue(struct thread *t, struct ksiginfo *info)
{
    return signal_dequeue(t, ~t->sigmask, info);
}

/* Linux's on_sig_stack: an SS_AUTODISARM stack counts as never in use
 * (it is disarmed while a handler runs on it). */
static bool on_altstack(struct thread *t, uint64_t sp)
{
    return !(t->altstack_flags & SS_AUTODISARM) && t->altstack_size && sp > t->altstack_sp &&
           sp - t->altstack_sp <= t->altstack_size;
}

void signal_get_altstack(struct thread *t, uint64_t sp, struct user_stack *ss)
{
    *ss = (struct user_stack){ t->altstack_sp, 0, 0, t->altstack_size };
    ss->ss_flags = (!t->altstack_size ? SS_DISABLE : on_altstack(t, sp) ? SS_ONSTACK : 0) |
                   (t->altstack_flags & SS_AUTODISARM);
}

int signal_set_altstack(struct thread *t, uint64_t sp, const struct user_stack *ss)
{
    if (on_altstack(t, sp))
        return -EPERM;
    int mode = ss->ss_flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
        return -EINVAL;
    if (mode == SS_DISABLE) {
        t->altstack_sp = t->altstack_size = 0;
    } else {
        if (ss->ss_size < MINSIGSTKSZ)
            return -ENOMEM;
        t->altstack_sp = ss->ss_sp;
        t->altstack_size = ss->ss_size;
    }
    t->altstack_flags = ss->ss_flags;      /* as given: uc_stack shows them */
    return 0;
}

/* Where the frame goes, as Linux's get_sigframe: below the red zone, or at
 * the top of the alternate stack; the FPU state 64-aligned at the top,
 * the frame under it so that the handler starts as after a call. */
static uint64_t frame_address(struct thread *t, const struct trapframe *tf,
                              const struct k_sigaction *act, uint64_t *fpstate)
{
    uint64_t sp = tf->rsp - REDZONE;
    if ((act->flags & SA_ONSTACK) && t->altstack_size && !on_altstack(t, tf->rsp))
        sp = t->altstack_sp + t->altstack_size;
    sp -= fpu_state_size() + 4;
    sp &= ~63ul;
    *fpstate = sp;
    sp -= sizeof(struct rt_sigframe);
    return (sp & ~15ul) - 8;
}

static int save_fpu(struct thread *t, uint64_t fpstate)
{
    size_t size = fpu_state_size();
    fpu_save(t->fpu);
    uint8_t *area = t->fpu;
    if (fpu_xfeatures()) {
        /* The software bytes in the FXSAVE area tell user space (and our
         * sigreturn) that an XSAVE image of this size follows. */
        struct { uint32_t magic1, extended_size; uint64_t xfeatures; uint32_t xstate_size, pad[7]; }
            sw = { FP_XSTATE_MAGIC1, (uint32_t)size + 4, fpu_xfeatures(), (uint32_t)size, {0} };
        memcpy(area + 464, &sw, sizeof(sw));
    }
    uint32_t magic2 = FP_XSTATE_MAGIC2;
    if (copy_to_user((void *)fpstate, area, size) ||
        copy_to_user((void *)(fpstate + size), &magic2, 4))
        return -EFAULT;
    /* The handler starts with a clean FPU, as on Linux. */
    fpu_init_state(t->fpu);
    fpu_restore(t->fpu);
    return 0;
}

/* The mask the handler's sigreturn restores. */
static uint64_t old_mask(struct thread *t)
{
    return t->has_saved_sigmask ? t->saved_sigmask : t->sigmask;
}

static int setup_frame(struct thread *t, struct trapframe *tf, int sig,
                       const struct ksiginfo *ki, const struct k_sigaction *act)
{
    uint64_t fpstate;
    uint64_t addr = frame_address(t, tf, act, &fpstate);
    struct rt_sigframe fr;
    memset(&fr, 0, sizeof(fr));
    fr.pretcode = act->restorer;
    fr.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fpu_xfeatures() ? UC_FP_XSTATE : 0);
    /* Linux's __save_altstack: the flags as sigaltstack set them (a thread
     * that never set any has SS_DISABLE). */
    fr.uc.uc_stack = (struct user_stack){ t->altstack_sp,
        t->altstack_size ? t->altstack_flags : t->altstack_flags | SS_DISABLE, 0, t->altstack_size };
    struct sigcontext64 *sc = &fr.uc.uc_mcontext;
    *sc = (struct sigcontext64){
        .r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11, .r12 = tf->r12,
        .r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15, .rdi = tf->rdi, .rsi = tf->rsi,
        .rbp = tf->rbp, .rbx = tf->rbx, .rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx,
        .rsp = tf->rsp, .rip = tf->rip, .eflags = tf->rflags,
        .cs = (uint16_t)tf->cs, .ss = (uint16_t)tf->ss,    /* sigreturn's, when it failed */
        .err = tf->trapno == TRAP_SYSCALL ? 0 : tf->err,
        .trapno = tf->trapno == TRAP_SYSCALL ? 0 : tf->trapno,
        .oldmask = old_mask(t), .cr2 = ki->addr, .fpstate = fpstate,
    };
    fr.uc.uc_sigmask = old_mask(t);
    signal_fill_siginfo(&fr.info, sig, ki);
    if (save_fpu(t, fpstate) || copy_to_user((void *)addr, &fr, sizeof(fr)))
        return -EFAULT;
    /* SS_AUTODISARM: off while the handler runs; sigreturn restores it
     * from uc_stack. */
    if (t->altstack_flags & SS_AUTODISARM) {
        t->altstack_sp = t->altstack_size = 0;
        t->altstack_flags = SS_DISABLE;
    }
    tf->rsp = addr;
    tf->rip = act->handler;
    tf->cs = SEL_UCODE;
    tf->ss = SEL_UDATA;
    tf->rdi = (uint64_t)sig;
    tf->rsi = addr + offsetof(struct rt_sigframe, info);
    tf->rdx = addr + offsetof(struct rt_sigframe, uc);
    tf->rax = 0;
    /* As Linux: TF, DF and RF off; AC stays as the program had it. */
    tf->rflags &= ~((1ul << 8) | (1ul << 10) | (1ul << 16));
    return 0;
}

/* A system call interrupted by a signal: restart it, or make it -EINTR. */
static void fix_restart(struct trapframe *tf, bool handler, uint64_t sa_flags)
{
    if (tf->trapno != TRAP_SYSCALL)
        return;
    long r = (long)tf->rax;
    bool restart = r == -ERESTARTNOINTR || (!handler && (r == -ERESTARTSYS || r == -ERESTARTNOHAND)) ||
                   (r == -ERESTARTSYS && (sa_flags & SA_RESTART));
    if (restart) {
        tf->rax = tf->err;            /* the syscall number, saved at entry */
        tf->rip -= 2;                 /* the syscall instruction again */
    } else if (r == -ERESTARTSYS || r == -ERESTARTNOHAND) {
        tf->rax = (uint64_t)-EINTR;
    }
    tf->trapno = 0;                   /* once */
}

void signal_deliver(struct trapframe *tf)
{
    struct thread *t = current_thread();
    struct ksiginfo info;
    int sig;
    while ((sig = dequeue(t, &info)) != 0) {
        struct process *p = t->proc;
        uint64_t f = spin_lock_irqsave(&p->lock);
        struct k_sigaction act = p->actions[sig - 1];
        if (act.handler > SIG_IGN && (act.flags & SA_RESETHAND))
            p->actions[sig - 1].handler = SIG_DFL;
        spin_unlock_irqrestore(&p->lock, f);
        if (signal_action_ignores(&act, sig))
            continue;
        if (act.handler == SIG_DFL)
            die_by(sig, tf, &info);
        fix_restart(tf, true, act.flags);
        if (setup_frame(t, tf, sig, &info, &act)) {
            /* No room for the frame: Linux kills with SIGSEGV. */
            info = (struct ksiginfo){ .code = SI_KERNEL };
            die_by(SIGSEGV, tf, &info);
        }
        /* On top of the mask in force now: under rt_sigsuspend that is the
         * temporary one (the frame keeps the one sigreturn restores). */
        t->sigmask |= act.mask | ((act.flags & SA_NODEFER) ? 0 : sigbit(sig));
        t->sigmask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
        t->has_saved_sigmask = false;
        return;
    }
    fix_restart(tf, false, 0);
    if (t->has_saved_sigmask) {
        t->sigmask = t->saved_sigmask;
        t->has_saved_sigmask = false;
    }
}

/* rt_sigreturn: the registers, mask, alternate stack and FPU state from
 * the frame the handler returned through. */
long signal_return(struct trapframe *tf)
{
    struct thread *t = current_thread();
    uint64_t addr = tf->rsp - 8;     /* the handler's ret popped pretcode */
    struct rt_sigframe fr;
    struct ksiginfo segv = { .code = SI_KERNEL };
    if (copy_from_user(&fr, (void *)addr, sizeof(fr)))
        die_by(SIGSEGV, tf, &segv);
    const struct sigcontext64 *sc = &fr.uc.uc_mcontext;
    tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
    tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
    tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
    tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp;
    /* rip, cs and ss as the program wrote them, as Linux takes them (in
     * user mode, RPL 3): trap_return_user and the iretq's fixup in entry.S
     * turn those that cannot be returned to into a SIGSEGV. Without
     * UC_STRICT_RESTORE_SS, Linux replaces an unusable ss with the user
     * data segment, the only usable one. */
    tf->rip = sc->rip;
    tf->cs = sc->cs | 3;
    tf->ss = (fr.uc.uc_flags & UC_STRICT_RESTORE_SS) ? sc->ss | 3 : SEL_UDATA;
    tf->rflags = (tf->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
    tf->trapno = 0;                   /* not a syscall to restart */
    t->sigmask = fr.uc.uc_sigmask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
    /* Linux's restore_altstack: uc_stack becomes the alternate stack again,
     * as sigaltstack would set it from here (so not while still on the
     * current one: EPERM, ignored like every error there). */
    (void)signal_set_altstack(t, addr + 8, &fr.uc.uc_stack);
    if (sc->fpstate) {
        size_t size = fpu_state_size();
        uint8_t *area = t->fpu;
        if (copy_from_user(area, (void *)sc->fpstate, size))
            die_by(SIGSEGV, tf, &segv);
        /* Reserved bits set by the program would fault in the kernel. */
        uint32_t *mxcsr = (uint32_t *)(area + 24);
        *mxcsr &= 0xFFFF;
        if (fpu_xfeatures()) {
            uint64_t *hdr = (uint64_t *)(area + 512);
            hdr[0] &= fpu_xfeatures();
            memset(&hdr[1], 0, 56);
        }
        fpu_restore(area);
    }
    return (long)tf->rax;
}

int signal_timedwait(uint64_t set, const uint64_t *timeout_ns, struct ksiginfo *info)
{
    struct thread *t = current_thread();
    uint64_t deadline = 0;
    if (timeout_ns) {
        deadline = clock_monotonic_ns() + *timeout_ns;
        if (deadline == 0)
            deadline = 1;
    }
    uint64_t saved = t->sigmask;
    t->sigmask = saved & ~set;
    struct waitq wq = WAITQ_INIT;
    int sig = 0;
    for (;;) {
        t->sigmask = ~set;              /* dequeue takes only these */
        sig = dequeue(t, info);
        t->sigmask = saved & ~set;
        if (sig)
            break;
        if (timeout_ns && *timeout_ns == 0) {
            sig = -EAGAIN;
            break;
        }
        int r = WAIT_EVENT_DEADLINE(&wq, false, deadline);
        if (r == -ETIMEDOUT) {
            sig = -EAGAIN;
            break;
        }
        if ((t->sigpending | t->proc->shared_pending) & set)
            continue;
        sig = -EINTR;
        break;
    }
    t->sigmask = saved;
    return sig;
}
