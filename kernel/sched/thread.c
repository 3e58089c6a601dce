/* Threads: a kernel stack with the user registers at its top, the FPU
 * state, the TLS base. */
#include "sched/thread.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "sched/sched.h"

/* Where a new thread's first context_switch returns (sched/start.S). */
void thread_trampoline(void);

static int next_tid = 1;

int thread_alloc_tid(void) { return __atomic_fetch_add(&next_tid, 1, __ATOMIC_RELAXED); }

struct switch_frame { uint64_t r15, r14, r13, r12, rbx, rbp, ret; };

/* The lowest word of every kernel stack, checked at each switch away from
 * its thread (Linux's SCHED_STACK_END_CHECK): kernel stacks are heap
 * blocks without a guard page, so an overflow would otherwise corrupt the
 * block below in silence. */
#define KSTACK_END_MAGIC 0x57AC6E4D57AC6E4Dull

static struct thread *alloc_thread(void)
{
    struct thread *t = kzalloc(sizeof(*t));
    if (!t)
        return NULL;
    t->kstack = kmalloc(KSTACK_SIZE);
    t->fpu = kmalloc(fpu_state_size());    /* size classes are aligned to their size: >= 64 */
    if (!t->kstack || !t->fpu) {
        kfree(t->kstack);
        kfree(t->fpu);
        kfree(t);
        return NULL;
    }
    *(uint64_t *)t->kstack = KSTACK_END_MAGIC;
    fpu_init_state(t->fpu);
    timer_init(&t->sleep_timer, sched_timeout);
    return t;
}

static void push_switch_frame(struct thread *t, uint64_t top, void (*fn)(void))
{
    struct switch_frame *sf = (struct switch_frame *)(top - sizeof(*sf));
    memset(sf, 0, sizeof(*sf));
    sf->ret = (uint64_t)thread_trampoline;
    sf->rbx = (uint64_t)fn;
    t->ksp = (uint64_t)sf;
}

struct thread *thread_new_kernel(void (*fn)(void))
{
    struct thread *t = alloc_thread();
    if (!t)
        panic("out of memory for a kernel thread");
    push_switch_frame(t, (uint64_t)t->kstack + KSTACK_SIZE, fn);
    return t;
}

struct thread *thread_new_user(struct process *proc, void (*first)(void))
{
    struct thread *t = alloc_thread();
    if (!t)
        return NULL;
    uint64_t top = (uint64_t)t->kstack + KSTACK_SIZE;
    t->tf = (struct trapframe *)(top - sizeof(struct trapframe));
    memset(t->tf, 0, sizeof(*t->tf));
    t->tf->cs = SEL_UCODE;
    t->tf->ss = SEL_UDATA;
    t->tf->rflags = RFLAGS_IF | 2;
    push_switch_frame(t, (uint64_t)t->tf, first);
    t->proc = proc;
    t->tid = thread_alloc_tid();
    uint64_t f = spin_lock_irqsave(&proc->lock);
    t->proc_next = proc->threads;
    proc->threads = t;
    spin_unlock_irqrestore(&proc->lock, f);
    return t;
}

void process_remove_thread(struct process *p, struct thread *t)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next) {
        if (*pp == t) {
            *pp = t->proc_next;
            break;
        }
    }
    spin_unlock_irqrestore(&p->lock, f);
}

struct thread *process_find_thread_locked(struct process *p, int tid)
{
    struct thread *t = p->threads;
    while (t && t->tid != tid)
        t = t->proc_next;
    return t;
}

struct thread *process_find_thread(struct process *p, int tid)
{
    uint64_t f = spin_lock_irqsave(&p->lock);
    struct thread *t = process_find_thread_locked(p, tid);
    spin_unlock_irqrestore(&p->lock, f);
    return t;
}

void thread_free(struct thread *t)
{
    kfree(t->kstack);
    kfree(t->fpu);
    kfree(t);
}

void thread_switch_state(struct thread *prev, struct thread *next)
{
    if (*(uint64_t *)prev->kstack != KSTACK_END_MAGIC)
        panic("kernel stack overflow in thread %d (%s)", prev->tid,
              prev->comm[0] || !prev->proc ? prev->comm : prev->proc->comm);
    if (prev->proc)
        fpu_save(prev->fpu);
    if (next->proc) {
        fpu_restore(next->fpu);
        wrmsr(MSR_FS_BASE, next->fs_base);
        mm_activate(next->proc->mm);
    }
    if (next->tf)
        cpu_set_kstack((uint64_t)next->kstack + KSTACK_SIZE);
}
