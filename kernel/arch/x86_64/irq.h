/* Device interrupts: ISA IRQs routed through the I/O APIC, and vectors
 * handed out to message-signalled interrupts (PCI MSI-X), which a device
 * sends straight to a local APIC. */
#pragma once

#define IRQ_VECTOR_BASE 0x30        /* ISA IRQ n arrives on vector 0x30 + n */
#define VECTOR_TIMER 0x20
#define VECTOR_SPURIOUS 0xFF
#define MSI_VECTOR_BASE 0x40        /* 0x40..0xEF: irq_alloc_vector */
#define MSI_VECTOR_END 0xF0

#define IRQ_ISA_COUNT 16
#define INTI_LEVEL_ACTIVE_LOW 0xF   /* MPS INTI flags: level (3 << 2), active low (3) */

/* ISA IRQ irq (< IRQ_ISA_COUNT) calls handler: edge-triggered, active high,
 * as ISA's are unless the MADT overrides it. */
void irq_register(int irq, void (*handler)(void));
/* The same for a level-triggered, active-low line (ACPI's SCI): the
 * handler must quiet its source before it returns. */
void irq_register_level(int irq, void (*handler)(void));
void irq_dispatch(int vector);
/* A free vector whose interrupts call handler(arg) (an interrupt
 * handler: it must not sleep): the vector, or -1 when none is left
 * (arch/x86_64/msi.c). */
int irq_alloc_vector(void (*handler)(void *), void *arg);
void msi_dispatch(int vector);
