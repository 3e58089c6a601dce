#include "sched/signal.h"
#include "arch/x86_64/trapframe.h"
#include "lib/kernel.h"
#include "sched/exit.h"
#include "sched/proc.h"

static const char *const names[] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
};

const char *signal_name(int sig)
{
    return sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig] ? names[sig] : "signal";
}

void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr)
{
    struct process *p = current_proc();
    klog("eggos: %s (pid %d, tid %d) killed by %s (code %d) at rip %#lx, address %#lx",
         p->comm, p->pid, current_thread()->tid, signal_name(sig), code, tf->rip, addr);
    process_exit_group(128 + sig);
}

void signal_raise_self(int sig)
{
    __atomic_or_fetch(&current_thread()->sigpending, 1ul << (sig - 1), __ATOMIC_RELAXED);
}

void signal_deliver(struct trapframe *tf)
{
    struct thread *t = current_thread();
    uint64_t pending = __atomic_exchange_n(&t->sigpending, 0, __ATOMIC_ACQ_REL);
    for (int sig = 1; sig <= NSIG; sig++) {
        if (!(pending & (1ul << (sig - 1))))
            continue;
        if (sig == SIGCHLD)
            continue;                 /* ignored by default */
        klog("eggos: %s (pid %d) killed by %s", t->proc->comm, t->proc->pid, signal_name(sig));
        process_exit_group(128 + sig);
    }
}
