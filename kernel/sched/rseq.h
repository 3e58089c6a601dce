#pragma once
#include <stdint.h>
struct thread;
struct trapframe;
/* Before t returns to user mode: refreshes its rseq CPU number and
 * restarts an interrupted critical section at its abort handler. */
void rseq_return_user(struct thread *t, struct trapframe *tf);
/* Registers the rseq area of len bytes at area for t, whose abort handlers
 * carry sig: 0, -EBUSY when that one is registered already, -EINVAL for
 * another or a bad area, -EFAULT when it cannot be written. */
long rseq_register(struct thread *t, uint64_t area, uint32_t len, uint32_t sig);
/* Unregisters it: 0, -EINVAL when area/len are not the registered ones,
 * -EPERM when sig differs. */
long rseq_unregister(struct thread *t, uint64_t area, uint32_t len, uint32_t sig);
