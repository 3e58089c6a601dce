/* Resource limits (sys/process.c), for the code that enforces them. */
#pragma once
#include <stdint.h>

#define RLIMIT_NOFILE 7
#define RLIMIT_SIGPENDING 11

/* The defaults that depend on the memory (pmm_init done). */
void rlimit_init(void);
/* The soft limit of resource (RLIMIT_*). */
uint64_t rlimit_cur(int resource);
