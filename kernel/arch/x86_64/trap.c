/* Where every interrupt and exception lands (entry.S calls trap()). */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/rseq.h"
#include "sched/exit.h"
#include "sched/signal.h"

static const char *const names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 FPU error", "alignment check", "machine check",
    "SIMD exception", "virtualization", "control protection",
};

struct extable_entry { uint64_t insn, fixup; };
extern const struct extable_entry __start_extable[], __stop_extable[];

static const struct extable_entry *extable_find(uint64_t rip)
{
    for (const struct extable_entry *e = __start_extable; e < __stop_extable; e++)
        if (e->insn == rip)
            return e;
    return NULL;
}

static bool fixup_exception(struct trapframe *tf)
{
    const struct extable_entry *e = extable_find(tf->rip);
    if (e)
        tf->rip = e->fixup;
    return e != NULL;
}

static __noreturn void die(struct trapframe *tf)
{
    const char *name = tf->trapno < 32 && names[tf->trapno] ? names[tf->trapno] : "interrupt";
    klog("eggos: kernel panic: %s (vector %lu, error %#lx) at %016lx", name, tf->trapno,
         tf->err, tf->rip);
    klog("rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx", tf->rax, tf->rbx, tf->rcx, tf->rdx);
    klog("rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx", tf->rsi, tf->rdi, tf->rbp, tf->rsp);
    klog("r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx", tf->r8, tf->r9, tf->r10, tf->r11);
    klog("r12=%016lx r13=%016lx r14=%016lx r15=%016lx", tf->r12, tf->r13, tf->r14, tf->r15);
    klog("rip=%016lx cs=%04lx rflags=%08lx ss=%04lx cr2=%016lx cr3=%016lx", tf->rip, tf->cs,
         tf->rflags, tf->ss, read_cr2(), read_cr3());
    backtrace_from(tf->rbp, tf->rip);
    panic_halt();
}

static void page_fault(struct trapframe *tf)
{
    uint64_t addr = read_cr2();
    bool user = tf_from_user(tf);
    struct thread *t = current_thread();
    /* The kernel touches user memory only in the copies of copy_user.S,
     * whose instructions the exception table lists. Any other kernel
     * fault is a bug: resolving it would hide it, or fault again forever
     * (SMAP refuses a present page to the kernel outside stac/clac). */
    const struct extable_entry *fixup = user ? NULL : extable_find(tf->rip);
    if (!user && !fixup)
        die(tf);
    /* Interrupts stay off in the kernel's own faults; a user fault may sleep. */
    if (user)
        sti();
    int r = (t && t->proc && t->proc->mm && addr < USER_TOP)
                ? mm_fault(t->proc->mm, addr, tf->err) : -EFAULT;
    if (r == 0) {
        t->counts.minflt++;           /* getrusage's ru_minflt */
        return;
    }
    if (r == -ENOMEM) {
        /* What Linux's OOM killer would do to the only process. */
        klog("eggos: out of memory (a page fault at %#lx found no free page): %s killed",
             addr, t->proc->comm);
        process_exit_group(128 + SIGKILL);
    }
    if (user && r == -EIO)            /* a file's page past its end: Linux's VM_FAULT_SIGBUS */
        signal_fault(tf, SIGBUS, BUS_ADRERR, addr);
    else if (user)
        signal_fault(tf, SIGSEGV, r == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, addr);
    else
        tf->rip = fixup->fixup;
}

static void user_exception(struct trapframe *tf)
{
    switch (tf->trapno) {
    case 0: signal_fault(tf, SIGFPE, FPE_INTDIV, tf->rip); break;
    /* Single-step (the only #DB without ptrace) is TRAP_TRACE at the next
     * instruction; int3 is SI_KERNEL without an address, as Linux's do_int3_user. */
    case 1: signal_fault(tf, SIGTRAP, TRAP_TRACE, tf->rip); break;
    case 3: signal_fault(tf, SIGTRAP, SI_KERNEL, 0); break;
    case 6: signal_fault(tf, SIGILL, ILL_ILLOPN, tf->rip); break;
    /* Segment not present, stack fault (a non-canonical rsp that iretq
     * or sigreturn handed over): SIGBUS, as Linux's do_error_trap. */
    case 11: case 12: signal_fault(tf, SIGBUS, SI_KERNEL, 0); break;
    case 16: case 19: signal_fault(tf, SIGFPE, FPE_FLTINV, tf->rip); break;
    case 17: signal_fault(tf, SIGBUS, BUS_ADRALN, 0); break;     /* no address, as Linux */
    default: signal_fault(tf, SIGSEGV, SI_KERNEL, 0); break;
    }
}

/* entry.S: a fault of its iretq to user mode (tf is the kernel-mode
 * frame of the fault, tf->rsp the iretq's frame: rip, cs, rflags, rsp,
 * ss). Returns the frame of a fault of the program at that rip, with its
 * registers, placed where every entry from user mode puts it: the top of
 * the thread's kernel stack, which the fault's frame lies just below. */
struct trapframe *fixup_bad_iret(struct trapframe *tf)
{
    const uint64_t *iret = (const uint64_t *)tf->rsp;
    struct trapframe f = *tf;
    f.rip = iret[0];
    f.cs = iret[1];
    f.rflags = iret[2];
    f.rsp = iret[3];
    f.ss = iret[4];
    struct trapframe *utf = current_thread()->tf;
    *utf = f;
    return utf;
}

void trap(struct trapframe *tf)
{
    uint64_t v = tf->trapno;
    if (v == 14) {
        page_fault(tf);
    } else if (v < 32) {
        if (tf_from_user(tf) && v != 2 && v != 8 && v != 18)
            user_exception(tf);
        else if (v == 13 && fixup_exception(tf))
            return;
        else
            die(tf);
    } else if (v == VECTOR_TIMER) {
        lapic_eoi();
        sched_tick(tf_from_user(tf));
    } else if (v >= IRQ_VECTOR_BASE && v < IRQ_VECTOR_BASE + 16) {
        irq_dispatch((int)v);
        lapic_eoi();
    } else if (v >= MSI_VECTOR_BASE && v < MSI_VECTOR_END) {
        msi_dispatch((int)v);
        lapic_eoi();
    } else if (v != VECTOR_SPURIOUS) {
        lapic_eoi();
    }
}

/* Runs with interrupts off just before returning to user mode: the
 * reschedule and signal work that piled up meanwhile. */
void trap_return_user(struct trapframe *tf)
{
    for (;;) {
        struct cpu *c = this_cpu();
        if (c->need_resched) {
            sti();
            schedule();
            cli();
            continue;
        }
        struct thread *t = current_thread();
        if (signal_pending(t)) {
            sti();
            /* A critical section restarts before the handler's frame
             * records where the thread was. */
            t->rseq_resume = true;
            rseq_return_user(t, tf);
            signal_deliver(tf);
            cli();
            continue;
        }
        if (t->rseq_resume) {
            sti();
            rseq_return_user(t, tf);
            cli();
            continue;
        }
        if (!tf_user_return_ok(tf)) {
            /* What the iretq's #GP gives on Linux: a SIGSEGV of the
             * program, whose frame shows the rip it could not return to. */
            sti();
            signal_fault(tf, SIGSEGV, SI_KERNEL, 0);
            cli();
            continue;
        }
        return;
    }
}
