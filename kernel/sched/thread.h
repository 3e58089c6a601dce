#pragma once
#include "mm/uaccess.h"
#include "sched/proc.h"

/* Whether a program may set its FS base (TLS) to addr: the switch to the
 * thread writes it to MSR_FS_BASE, which faults in the kernel on a
 * non-canonical value. Linux refuses anything from TASK_SIZE_MAX up with
 * EPERM, in arch_prctl(ARCH_SET_FS) and clone(CLONE_SETTLS) alike. */
static inline bool tls_base_ok(uint64_t addr) { return addr < TASK_SIZE_MAX; }

/* A kernel thread running fn (never returns). */
struct thread *thread_new_kernel(void (*fn)(void));
/* A thread of proc that enters user mode with the registers in its
 * trapframe (t->tf, zeroed except cs/ss/rflags: the caller fills in rip,
 * rsp and the rest). When first is not NULL, the thread runs it in the
 * kernel before its first return to user mode. */
struct thread *thread_new_user(struct process *proc, void (*first)(void));
void thread_free(struct thread *t);
/* Per-thread CPU state handed from prev to next at a context switch. */
void thread_switch_state(struct thread *prev, struct thread *next);
int thread_alloc_tid(void);

/* The process's thread list (process.lock). thread_new_user adds. */
void process_remove_thread(struct process *p, struct thread *t);
struct thread *process_find_thread(struct process *p, int tid);
/* The same with p->lock held: the thread cannot go while it is. */
struct thread *process_find_thread_locked(struct process *p, int tid);
