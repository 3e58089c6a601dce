/* Restartable sequences (rseq): glibc registers a struct rseq for every
 * thread and reads the CPU number from it; code may also run "critical
 * sections" that must restart at their abort handler when the thread is
 * preempted or signalled inside them. Both are done here, on the way back
 * to user mode. */
#include "sched/rseq.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/uaccess.h"
#include "sched/proc.h"
#include "sched/signal.h"

#define RSEQ_MIN_LEN 32

struct rseq_area {
    uint32_t cpu_id_start, cpu_id;
    uint64_t rseq_cs;
    uint32_t flags;
};

struct rseq_cs {
    uint32_t version, flags;
    uint64_t start_ip, post_commit_offset, abort_ip;
};

/* Moves rip to the abort handler when it is inside the registered
 * critical section: 0, or -EFAULT when the descriptors are bad. */
static int fixup_critical_section(struct thread *t, struct trapframe *tf)
{
    struct rseq_area *ua = (struct rseq_area *)t->rseq;
    uint64_t csp;
    if (get_user(csp, &ua->rseq_cs))
        return -EFAULT;
    if (!csp)
        return 0;
    struct rseq_cs cs;
    /* As Linux's rseq_get_rseq_cs: every address below TASK_SIZE_MAX, so
     * that the abort handler is one the thread can return to. */
    if (copy_from_user(&cs, (void *)csp, sizeof(cs)) || cs.version != 0 ||
        cs.start_ip >= TASK_SIZE_MAX || cs.abort_ip >= TASK_SIZE_MAX ||
        cs.post_commit_offset >= TASK_SIZE_MAX - cs.start_ip ||
        cs.abort_ip - cs.start_ip < cs.post_commit_offset)
        return -EFAULT;
    if (tf->rip - cs.start_ip >= cs.post_commit_offset)
        return 0;
    uint32_t sig;
    if (get_user(sig, (uint32_t *)(cs.abort_ip - 4)) || sig != t->rseq_sig)
        return -EFAULT;
    tf->rip = cs.abort_ip;
    uint64_t zero = 0;
    return put_user(zero, &ua->rseq_cs);
}

void rseq_return_user(struct thread *t, struct trapframe *tf)
{
    bool resume = t->rseq_resume;
    t->rseq_resume = false;
    if (!t->rseq || !resume)
        return;
    struct rseq_area *ua = (struct rseq_area *)t->rseq;
    uint32_t cpu = (uint32_t)this_cpu()->id;
    if (fixup_critical_section(t, tf) || put_user(cpu, &ua->cpu_id_start) || put_user(cpu, &ua->cpu_id)) {
        /* Linux's answer to a corrupt rseq area (force_sigsegv: no address). */
        signal_fault(tf, SIGSEGV, SI_KERNEL, 0);
    }
}

long rseq_unregister(struct thread *t, uint64_t area, uint32_t len, uint32_t sig)
{
    if (area != t->rseq || len != t->rseq_len)
        return -EINVAL;
    if (sig != t->rseq_sig)
        return -EPERM;
    t->rseq = 0;
    return 0;
}

long rseq_register(struct thread *t, uint64_t area, uint32_t len, uint32_t sig)
{
    if (t->rseq)
        return area == t->rseq && len == t->rseq_len && sig == t->rseq_sig ? -EBUSY : -EINVAL;
    if (len < RSEQ_MIN_LEN || (area & (RSEQ_MIN_LEN - 1)) || !user_range_ok((void *)area, len))
        return -EINVAL;
    uint32_t cpu = (uint32_t)this_cpu()->id;
    struct rseq_area *ua = (struct rseq_area *)area;
    if (put_user(cpu, &ua->cpu_id_start) || put_user(cpu, &ua->cpu_id))
        return -EFAULT;
    t->rseq = area;
    t->rseq_len = len;
    t->rseq_sig = sig;
    return 0;
}
