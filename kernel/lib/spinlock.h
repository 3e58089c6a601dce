/* Spinlocks. Taking one disables interrupts on this CPU (saved and
 * restored), so the same lock may be shared with interrupt handlers. */
#pragma once
#include <stdint.h>
#include "arch/x86_64/x86.h"

typedef struct {
    volatile uint32_t locked;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
    uint64_t flags = read_rflags();
    cli();
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        cpu_relax();
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    if (flags & RFLAGS_IF)
        sti();
}
