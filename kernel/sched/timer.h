/* Kernel timers: a function the timer tick calls once the monotonic clock
 * reaches a deadline. Sleeping threads' timeouts and the process's timers
 * (setitimer, timer_create) are these; the tick, HZ times a second, is
 * their resolution. */
#pragma once
#include "sched/timerq.h"

void timer_init(struct ktimer *kt, void (*fn)(struct ktimer *kt));
/* Arms kt for the monotonic time expires, or moves it there when armed.
 * Callable under any lock and from fn. */
void timer_arm(struct ktimer *kt, uint64_t expires);
/* Disarms kt and waits for its fn when that runs on another CPU, so that
 * kt may be freed afterwards. Never from fn, nor holding a lock fn takes. */
void timer_cancel(struct ktimer *kt);
/* Calls the functions of the timers whose time came: the tick's work. */
void timer_run(void);
