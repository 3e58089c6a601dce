/* signalfd: the process's pending signals as a file, for event loops that
 * wait on files (poll, epoll) rather than in signal handlers. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "fs/vfs.h"

#define SFD_CLOEXEC O_CLOEXEC
#define SFD_NONBLOCK O_NONBLOCK

/* A new signalfd reading the signals of mask (never SIGKILL, SIGSTOP);
 * flags SFD_NONBLOCK (SFD_CLOEXEC is the caller's). 0 or -ENOMEM. */
int signalfd_create_file(uint64_t mask, int flags, struct file **out);
bool is_signalfd(struct file *f);
/* Makes f read the signals of mask instead. */
void signalfd_set_mask(struct file *f, uint64_t mask);
