#pragma once
#include <stddef.h>
/* Fills buf with random bytes from a ChaCha20 generator (lib/random.c).
 * Never blocks: the generator is seeded before the first program runs. */
void get_random_bytes(void *buf, size_t n);
/* Seeds the generator from the CPU (RDSEED, RDRAND) when it has them, and
 * from timing jitter always: kmain, once the TSC runs. */
void random_init(void);
/* Mixes in bytes a random-number device gave (virtio-rng): its drivers
 * call it, name is the source's name in the log. */
void random_add_device_bytes(const void *buf, size_t n, const char *name);
/* Logs which sources seeded the generator and how much they gave: kmain,
 * after the drivers. Without log_verbose, only a weak seed is logged. */
void random_log_sources(void);
