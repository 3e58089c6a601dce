/* The process's timers: setitimer's three (ITIMER_REAL counts real time,
 * ITIMER_VIRTUAL the process's user time, ITIMER_PROF all its CPU time)
 * and the POSIX timers of timer_create. Times are nanoseconds. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4

/* ITIMER_VIRTUAL's clock, the process's user time: none of Linux's ids. */
#define CLOCK_PROCESS_UTIME (-1)

struct process;
struct thread;
struct ksiginfo;

/* A setting: the time left (0: disarmed) and the period (0: one-shot). */
struct itimer_value {
    uint64_t value, interval;
};

/* How a POSIX timer tells of its expiry (timer_create's sigevent). */
struct ptimer_event {
    int notify;                /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
    int signo;
    int tid;                   /* SIGEV_THREAD_ID's thread */
    uint64_t value;            /* si_value */
    bool value_is_id;          /* no sigevent given: si_value is the timer's id */
};

void ptimers_init(struct process *p);

/* setitimer and getitimer; which is valid. */
void itimer_set(struct process *p, int which, const struct itimer_value *new,
                struct itimer_value *old);
void itimer_get(struct process *p, int which, struct itimer_value *cur);

/* timer_create on clock (one a POSIX timer can use), from thread t: the
 * id, or -EINVAL (SIGEV_THREAD_ID names no thread of p), -EAGAIN. */
int ptimer_create(struct process *p, struct thread *t, int clock, const struct ptimer_event *ev);
/* timer_settime (abs: TIMER_ABSTIME; old may be NULL), timer_gettime,
 * timer_getoverrun, timer_delete: 0 (or the count), -EINVAL for no such
 * timer. */
int ptimer_settime(struct process *p, int id, bool abs, const struct itimer_value *new,
                   struct itimer_value *old);
int ptimer_gettime(struct process *p, int id, struct itimer_value *cur);
int ptimer_getoverrun(struct process *p, int id);
int ptimer_delete(struct process *p, int id);

/* The tick, in thread t of a process: its timers on CPU-time clocks. */
void ptimers_tick(struct thread *t);
/* A timer's signal leaves the pending set to be acted on: info gets the
 * overrun count it carries. p->lock held. */
void ptimer_delivered(struct ksiginfo *info);
