/* Device interrupts: ISA IRQs routed through the I/O APIC. */
#pragma once

#define IRQ_VECTOR_BASE 0x30        /* ISA IRQ n arrives on vector 0x30 + n */
#define VECTOR_TIMER 0x20
#define VECTOR_SPURIOUS 0xFF

void irq_register(int irq, void (*handler)(void));
void irq_dispatch(int vector);
