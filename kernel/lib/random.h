#pragma once
#include <stddef.h>
/* Fills buf with random bytes (RDRAND when the CPU has it, mixed with the
 * TSC through a ChaCha20-based generator). Never blocks. */
void get_random_bytes(void *buf, size_t n);
