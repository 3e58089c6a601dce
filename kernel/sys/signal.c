/* Signal syscalls. The delivery machinery is sched/signal.c, signalfd's
 * files fs/signalfd.c. */
#include "arch/x86_64/trapframe.h"
#include "fs/fdtable.h"
#include "fs/signalfd.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sched/thread.h"
#include "sched/wait.h"
#include "sys/syscall.h"

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
               struct k_sigaction __user *, oact, size_t, sigsetsize)
{
    if (sigsetsize != 8 || sig < 1 || sig > NSIG)
        return -EINVAL;
    struct k_sigaction new;
    if (act && copy_from_user(&new, act, sizeof(new)))
        return -EFAULT;
    if (act && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    struct process *p = current_proc();
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct k_sigaction old = p->actions[sig - 1];
    if (act) {
        new.mask &= ~UNBLOCKABLE;
        p->actions[sig - 1] = new;
        /* POSIX: making a pending signal ignored discards it, in every thread. */
        if (signal_action_ignores(&new, sig))
            signal_discard(p, sig);
    }
    spin_unlock_irqrestore(&p->lock, f);
    if (oact && copy_to_user(oact, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t __user *, set, uint64_t __user *, oset,
               size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    struct thread *t = current_thread();
    uint64_t old = t->sigmask, s;
    if (set) {
        if (copy_from_user(&s, set, 8))
            return -EFAULT;
        switch (how) {
        case SIG_BLOCK: t->sigmask |= s; break;
        case SIG_UNBLOCK: t->sigmask &= ~s; break;
        case SIG_SETMASK: t->sigmask = s; break;
        default: return -EINVAL;
        }
        t->sigmask &= ~UNBLOCKABLE;
    }
    if (oset && copy_to_user(oset, &old, 8))
        return -EFAULT;
    return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
    return signal_return(current_thread()->tf);
}

SYSCALL_DEFINE2(sigaltstack, const struct user_stack __user *, ss,
               struct user_stack __user *, old_ss)
{
    struct thread *t = current_thread();
    uint64_t sp = t->tf->rsp;
    struct user_stack old, n;
    signal_get_altstack(t, sp, &old);
    if (ss) {
        if (copy_from_user(&n, ss, sizeof(n)))
            return -EFAULT;
        long r = signal_set_altstack(t, sp, &n);
        if (r)
            return r;
    }
    if (old_ss && copy_to_user(old_ss, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

static struct ksiginfo sender(int code)
{
    return (struct ksiginfo){ .code = code, .pid = current_proc()->pid, .uid = 0 };
}

SYSCALL_DEFINE2(kill, int, target, int, sig)
{
    struct process *p = current_proc();
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    /* One process: itself, its group (0) or everything it may signal (-1). */
    if (target != p->pid && target != 0 && target != -1 && target != -p->pid)
        return -ESRCH;
    if (sig == 0)
        return 0;
    struct ksiginfo info = sender(SI_USER);
    return signal_send_process(p, sig, &info);
}

static long send_to_tid(int tgid, int tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct process *p = current_proc();
    if (tgid != -1 && tgid != p->pid)
        return -ESRCH;
    struct thread *t = process_find_thread(p, tid);
    if (!t)
        return -ESRCH;
    if (sig == 0)
        return 0;
    struct ksiginfo info = sender(SI_TKILL);
    return signal_send_thread(t, sig, &info);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
    if (tgid <= 0)
        return -EINVAL;
    return send_to_tid(tgid, tid, sig);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig) { return send_to_tid(-1, tid, sig); }

/* rt_sigqueueinfo and rt_tgsigqueueinfo (sigqueue): a signal with the
 * sender's own siginfo, si_value included. As Linux, only a thread
 * signalling itself may claim a kernel or kill origin (si_code >= 0 or
 * SI_TKILL). tid -1: to the process. */
static long queue_info(int tgid, int tid, int sig, const void __user *uinfo)
{
    struct { int32_t signo, err, code, pad; int32_t pid; uint32_t uid; uint64_t value; } ui;
    if (copy_from_user(&ui, uinfo, sizeof(ui)))
        return -EFAULT;
    if (tid != -1 && (tgid <= 0 || tid <= 0))
        return -EINVAL;
    if (tid == -1)
        tid = 0;
    struct process *p = current_proc();
    if ((ui.code >= 0 || ui.code == SI_TKILL) && current_thread()->tid != (tid ? tid : tgid))
        return -EPERM;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (tgid != p->pid)
        return -ESRCH;
    struct thread *t = tid ? process_find_thread(p, tid) : NULL;
    if (tid && !t)
        return -ESRCH;
    if (sig == 0)
        return 0;
    struct ksiginfo info = { .code = ui.code, .pid = ui.pid, .uid = (int)ui.uid, .value = ui.value };
    return t ? signal_send_thread(t, sig, &info) : signal_send_process(p, sig, &info);
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, tgid, int, sig, const void __user *, uinfo)
{
    return queue_info(tgid, -1, sig, uinfo);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, const void __user *, uinfo)
{
    return queue_info(tgid, tid, sig, uinfo);
}

SYSCALL_DEFINE2(rt_sigpending, uint64_t __user *, set, size_t, sigsetsize)
{
    if (sigsetsize > 8)
        return -EINVAL;
    struct thread *t = current_thread();
    uint64_t pending = (t->sigpending | t->proc->shared_pending) & t->sigmask;
    return copy_to_user(set, &pending, sigsetsize);
}

SYSCALL_DEFINE4(rt_sigtimedwait, const uint64_t __user *, uset, struct user_siginfo __user *, uinfo,
               const struct kernel_timespec __user *, utimeout, size_t, sigsetsize)
{
    uint64_t set, timeout = 0;
    if (sigsetsize != 8)
        return -EINVAL;
    if (copy_from_user(&set, uset, 8))
        return -EFAULT;
    if (utimeout) {
        int r = get_timespec_ns(utimeout, &timeout);
        if (r)
            return r;
    }
    struct ksiginfo info;
    int sig = signal_timedwait(set & ~UNBLOCKABLE, utimeout ? &timeout : NULL, &info);
    if (sig > 0 && uinfo) {
        struct user_siginfo ui;
        memset(&ui, 0, sizeof(ui));
        signal_fill_siginfo(&ui, sig, &info);
        if (copy_to_user(uinfo, &ui, sizeof(ui)))
            return -EFAULT;
    }
    return sig;
}

/* pause: sleeps until a signal runs a handler (-EINTR) or ends the
 * process; after one taken by another thread, it sleeps on. */
SYSCALL_DEFINE0(pause)
{
    struct waitq wq = WAITQ_INIT;
    WAIT_EVENT(&wq, false);
    return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t __user *, set, size_t, sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    uint64_t mask;
    if (copy_from_user(&mask, set, 8))
        return -EFAULT;
    struct thread *t = current_thread();
    /* The handler runs with the temporary mask; its frame keeps the old
     * one, which sigreturn restores. */
    t->saved_sigmask = t->sigmask;
    t->has_saved_sigmask = true;
    t->sigmask = mask & ~UNBLOCKABLE;
    struct waitq wq = WAITQ_INIT;
    WAIT_EVENT(&wq, false);
    return -ERESTARTNOHAND;
}

/* signalfd4 makes a signalfd (fd -1) or gives an existing one a new mask. */
SYSCALL_DEFINE4(signalfd4, int, fd, const uint64_t __user *, umask, size_t, sizemask, int, flags)
{
    uint64_t mask;
    if (sizemask != sizeof mask)
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof mask))
        return -EFAULT;
    if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
        return -EINVAL;
    mask &= ~UNBLOCKABLE;
    struct fdtable *files = current_proc()->files;
    struct file *f;
    if (fd == -1) {
        int r = signalfd_create_file(mask, flags, &f);
        if (r)
            return r;
        if ((fd = fd_install(files, f, 0, flags & SFD_CLOEXEC)) < 0)
            file_put(f);
        return fd;
    }
    if (!(f = fd_get_io(files, fd)))
        return -EBADF;
    bool ok = is_signalfd(f);
    if (ok)
        signalfd_set_mask(f, mask);
    file_put(f);
    return ok ? fd : -EINVAL;
}

SYSCALL_DEFINE3(signalfd, int, fd, const uint64_t __user *, umask, size_t, sizemask)
{
    return sys_signalfd4(fd, umask, sizemask, 0);
}
