/* Threads: clone/clone3 (threads only: eggos runs one process), futex,
 * and the robust-list and rseq registrations glibc makes for every thread. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sched/futex.h"
#include "sched/proc.h"
#include "sched/rseq.h"
#include "sched/sched.h"
#include "sched/thread.h"
#include "sys/process.h"
#include "sys/syscall.h"

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_VFORK 0x00004000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_CHILD_SETTID 0x01000000
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define KNOWN_FLAGS (THREAD_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID | 0xFF)

struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};

static long do_clone(const struct clone_args *a)
{
    uint64_t flags = a->flags;
    if ((flags & THREAD_FLAGS) != THREAD_FLAGS)
        return no_second_program(NULL);    /* fork, vfork, posix_spawn: a process */
    if (flags & ~(uint64_t)KNOWN_FLAGS)
        return -EINVAL;
    if ((flags & CLONE_SETTLS) && !tls_base_ok(a->tls))
        return -EPERM;
    struct thread *parent = current_thread();
    struct process *p = parent->proc;
    struct thread *t = thread_new_user(p, NULL);
    if (!t)
        return -ENOMEM;
    *t->tf = *parent->tf;
    t->tf->rax = 0;
    t->tf->trapno = 0;
    if (a->stack)
        t->tf->rsp = a->stack + a->stack_size;
    t->fs_base = (flags & CLONE_SETTLS) ? a->tls : parent->fs_base;
    t->sigmask = parent->sigmask;
    t->cpus_allowed = parent->cpus_allowed;
    fpu_save(t->fpu);                  /* the parent's live registers */
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = (int *)a->child_tid;
    int tid = t->tid;
    if (((flags & CLONE_PARENT_SETTID) && put_user(tid, (int *)a->parent_tid)) ||
        ((flags & CLONE_CHILD_SETTID) && put_user(tid, (int *)a->child_tid))) {
        process_remove_thread(p, t);
        thread_free(t);
        return -EFAULT;
    }
    __atomic_add_fetch(&p->nthreads, 1, __ATOMIC_ACQ_REL);
    sched_add(t);
    return tid;
}

SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, stack, int __user *, parent_tid,
               int __user *, child_tid, unsigned long, tls)
{
    struct clone_args a = { .flags = flags & ~0xFFul, .exit_signal = flags & 0xFF, .stack = stack,
                            .parent_tid = (uintptr_t)parent_tid, .child_tid = (uintptr_t)child_tid,
                            .tls = tls };
    return do_clone(&a);
}

SYSCALL_DEFINE2(clone3, const struct clone_args __user *, uargs, size_t, size)
{
    struct clone_args a;
    memset(&a, 0, sizeof(a));
    if (size < 64 || size > 4096)
        return -EINVAL;
    if (copy_from_user(&a, uargs, MIN(size, sizeof(a))))
        return -EFAULT;
    if ((a.stack == 0) != (a.stack_size == 0) || a.set_tid || a.set_tid_size)
        return -EINVAL;
    return do_clone(&a);
}

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

/* The monotonic deadline of a futex timeout (0 = none), or -errno. */
static long deadline_of(const struct kernel_timespec __user *utime, bool absolute, bool realtime,
                        uint64_t *deadline)
{
    *deadline = 0;
    if (!utime)
        return 0;
    uint64_t ns;
    int r = get_timespec_ns(utime, &ns);
    if (r)
        return r;
    uint64_t now = clock_monotonic_ns();
    if (!absolute) {
        *deadline = now + ns;
    } else {
        uint64_t clock_now = realtime ? clock_realtime_ns() : now;
        *deadline = ns > clock_now ? now + (ns - clock_now) : now;
    }
    if (*deadline == 0)
        *deadline = 1;
    return 0;
}

SYSCALL_DEFINE6(futex, uint32_t __user *, u, int, op, uint32_t, val,
               const struct kernel_timespec __user *, utime, uint32_t __user *, u2, uint32_t, val3)
{
    int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    bool realtime = op & FUTEX_CLOCK_REALTIME;
    bool shared = !(op & FUTEX_PRIVATE_FLAG);
    /* The counts are ints in 32-bit registers, as Linux's u32 val and val2
     * (val2 comes in utime's register: Linux's (u32)(unsigned long)utime). */
    int n = (int)val, n2 = (int)(uint32_t)(uintptr_t)utime;
    uint32_t cmpval = val3;
    uint64_t deadline = 0;
    /* Linux reads the timeout first, then refuses FUTEX_CLOCK_REALTIME
     * on everything but FUTEX_WAIT_BITSET (of the commands eggos has). */
    if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) {
        long r = deadline_of(utime, cmd == FUTEX_WAIT_BITSET, realtime, &deadline);
        if (r)
            return r;
    }
    if (realtime && cmd != FUTEX_WAIT_BITSET)
        return -ENOSYS;
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(u, shared, val, deadline, ~0u);
    case FUTEX_WAIT_BITSET:
        return futex_wait(u, shared, val, deadline, val3);
    case FUTEX_WAKE:
        return futex_wake(u, shared, n, ~0u);
    case FUTEX_WAKE_BITSET:
        return futex_wake(u, shared, n, val3);
    case FUTEX_REQUEUE:
        return futex_requeue(u, u2, shared, n, n2, NULL);
    case FUTEX_CMP_REQUEUE:
        return futex_requeue(u, u2, shared, n, n2, &cmpval);
    case FUTEX_WAKE_OP:
        return futex_wake_op(u, u2, shared, n, n2, val3);
    default:
        return -ENOSYS;
    }
}

/* The robust list lets the kernel release a dead thread's mutexes; with
 * one process, a thread only dies with the whole program, so keeping the
 * head is all there is to do. */
SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
    if (len != 24)
        return -EINVAL;
    current_thread()->robust_list = (uintptr_t)head;
    return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, tid, uint64_t __user *, head_ptr, size_t __user *, len_ptr)
{
    struct thread *t = tid ? process_find_thread(current_proc(), tid) : current_thread();
    if (!t)
        return -ESRCH;
    if (put_user(t->robust_list, head_ptr) || put_user((size_t)24, len_ptr))
        return -EFAULT;
    return 0;
}

#define RSEQ_FLAG_UNREGISTER 1

/* Restartable sequences: the area's upkeep is sched/rseq.c's. */
SYSCALL_DEFINE4(rseq, void __user *, area, uint32_t, len, int, flags, uint32_t, sig)
{
    struct thread *t = current_thread();
    if (flags & RSEQ_FLAG_UNREGISTER) {
        if (flags & ~RSEQ_FLAG_UNREGISTER)
            return -EINVAL;
        return rseq_unregister(t, (uintptr_t)area, len, sig);
    }
    if (flags)
        return -EINVAL;
    return rseq_register(t, (uintptr_t)area, len, sig);
}
