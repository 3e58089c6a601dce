/* timerfd: a timer as a file, whose read says how often it expired, for
 * event loops that wait on files (poll, epoll) rather than signals. */
#pragma once
#include <stdbool.h>
#include "fs/vfs.h"
#include "sched/itimer.h"

#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2

/* A new, disarmed timerfd on clock (CLOCK_REALTIME, CLOCK_MONOTONIC or
 * CLOCK_BOOTTIME); flags TFD_NONBLOCK (TFD_CLOEXEC is the caller's).
 * 0 or -ENOMEM. */
int timerfd_create_file(int clock, int flags, struct file **out);
bool is_timerfd(struct file *f);
/* timerfd_settime: arms f for new->value from now (at new->value on its
 * clock: abs), every new->interval after (0: once); value 0 disarms.
 * Expiries not yet read are dropped. old gets the previous setting. */
void timerfd_settime_file(struct file *f, bool abs, const struct itimer_value *new,
                          struct itimer_value *old);
/* timerfd_gettime: the time to the next expiry (0: disarmed) and the period. */
void timerfd_gettime_file(struct file *f, struct itimer_value *cur);
