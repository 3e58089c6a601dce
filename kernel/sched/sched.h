/* The scheduler: round-robin run queues per CPU, interactive threads
 * before batch ones (sched.c), preemption on the timer tick and on wakeups
 * when returning to user mode. The kernel itself is not preemptible:
 * a thread in the kernel runs until it sleeps or returns to user mode. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define HZ 250
#define TIMESLICE_TICKS 2
#define WAKEUP_GRANULARITY_NS 100000ull    /* a woken thread preempts a batch thread that ran this long */
#define BATCH_STARVE_TICKS 4               /* batch threads run after waiting this long for interactive ones */

struct thread;

void sched_init(void);
/* A new thread's first code after its first switch (sched/start.S). */
void sched_finish_switch(void);
/* Gives up the CPU; the current thread stays runnable. */
void schedule(void);
/* Makes t runnable. Callable from interrupt handlers. */
void sched_wakeup(struct thread *t);
/* Puts the current thread to sleep (its state already set by the caller,
 * interrupts off) and switches away; its wake_at, when set, is the
 * deadline (timed_out is set when that wakes it). */
void sched_sleep(void);
struct ktimer;
/* A sleeping thread's deadline came: its sleep_timer's function. */
void sched_timeout(struct ktimer *kt);
void sched_add(struct thread *t);
/* The timer tick; from_user: it interrupted user mode (CPU-time sampling). */
void sched_tick(bool from_user);
/* Starts running threads on this CPU; never returns. */
__attribute__((noreturn)) void sched_start(void);
/* The current thread ends: frees what it can and switches away. */
__attribute__((noreturn)) void sched_exit_thread(void);

/* CPU time: a thread's precise running time, and its process's (all
 * threads, live and dead). */
uint64_t thread_cputime_ns(struct thread *t);
struct process;
uint64_t process_cputime_ns(struct process *p);
/* The CPU time of p's thread tid, under p's lock (the thread may be
 * exiting): 0, or -EINVAL when p has no such thread. */
int thread_cputime_by_tid(struct process *p, int tid, uint64_t *ns);
uint64_t process_cputime_locked(struct process *p);   /* p->lock held */
