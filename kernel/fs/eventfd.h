/* eventfd: a 64-bit counter as a file, for threads to signal each other
 * (and, through poll and epoll, wake event loops). */
#pragma once
#include <stdint.h>
#include "fs/vfs.h"

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK

/* A new eventfd file counting from initval; flags EFD_SEMAPHORE and
 * EFD_NONBLOCK (EFD_CLOEXEC is the caller's). 0 or -ENOMEM. */
int eventfd_create(unsigned int initval, int flags, struct file **out);
