/* Vectors for message-signalled interrupts. An MSI(-X) is a memory write
 * the device makes to the local APIC's address: it names the vector itself,
 * so it needs no I/O APIC routing, only a vector nobody else uses and the
 * handler to call for it. */
#include "arch/x86_64/irq.h"
#include "lib/spinlock.h"
#include <stddef.h>

static struct {
    void (*fn)(void *);
    void *arg;
} handlers[MSI_VECTOR_END - MSI_VECTOR_BASE];
static spinlock_t lock = SPINLOCK_INIT;

int irq_alloc_vector(void (*handler)(void *), void *arg)
{
    int v = -1;
    uint64_t f = spin_lock_irqsave(&lock);
    for (int i = 0; i < MSI_VECTOR_END - MSI_VECTOR_BASE; i++) {
        if (!handlers[i].fn) {
            handlers[i].arg = arg;
            __atomic_store_n(&handlers[i].fn, handler, __ATOMIC_RELEASE);
            v = MSI_VECTOR_BASE + i;
            break;
        }
    }
    spin_unlock_irqrestore(&lock, f);
    return v;
}

void msi_dispatch(int vector)
{
    int i = vector - MSI_VECTOR_BASE;
    void (*fn)(void *) = __atomic_load_n(&handlers[i].fn, __ATOMIC_ACQUIRE);
    if (fn)
        fn(handlers[i].arg);
}
