/* Ending threads and processes. eggos runs one program: when its process
 * ends, the machine ends, handing the status to the host. */
#include "sched/exit.h"
#include "lib/kernel.h"
#include "mm/uaccess.h"
#include "sched/proc.h"
#include "sched/futex.h"
#include "sched/sched.h"
#include "sched/signal.h"
#include "sched/thread.h"

__noreturn void process_exit_group(int status)
{
    struct process *p = current_proc();
    p->exit_status = status;
    if (log_verbose)
        klog("eggos: %s (pid %d) exited with status %d", p->comm, p->pid, status);
    machine_exit(status);
}

__noreturn void thread_exit(int status)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    if (__atomic_sub_fetch(&p->nthreads, 1, __ATOMIC_ACQ_REL) == 0)
        process_exit_group(status);
    /* pthread_join waits on this word. */
    if (t->clear_child_tid && put_user(0, t->clear_child_tid) == 0)
        futex_wake((uint32_t *)t->clear_child_tid, true, 1, ~0u);   /* shared, as Linux */
    process_remove_thread(p, t);
    signal_thread_gone(t);             /* nobody can signal it now */
    /* Its CPU time stays with the process. */
    __atomic_add_fetch(&p->utime_ns, t->utime_ns, __ATOMIC_RELAXED);
    __atomic_add_fetch(&p->stime_ns, t->stime_ns, __ATOMIC_RELAXED);
    __atomic_add_fetch(&p->run_ns, thread_cputime_ns(t), __ATOMIC_RELAXED);
    __atomic_add_fetch(&p->dead_counts.minflt, t->counts.minflt, __ATOMIC_RELAXED);
    __atomic_add_fetch(&p->dead_counts.nvcsw, t->counts.nvcsw, __ATOMIC_RELAXED);
    __atomic_add_fetch(&p->dead_counts.nivcsw, t->counts.nivcsw, __ATOMIC_RELAXED);
    sched_exit_thread();
}
