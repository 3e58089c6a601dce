/* Local APIC (timer, end of interrupt) and I/O APIC (device IRQs). */
#pragma once
#include <stdint.h>

/* The interrupt wiring the firmware describes (ACPI's MADT,
 * drivers/acpi.c), given before apic_init: the I/O APIC's address, and an
 * ISA IRQ's I/O APIC input (GSI) with its MPS INTI flags (polarity,
 * trigger) where it is not the IRQ's own. */
void ioapic_set_address(uint64_t phys);
void ioapic_set_isa_override(int irq, uint32_t gsi, uint16_t flags);
void apic_init(void);
void lapic_eoi(void);
/* Starts the periodic scheduler tick at hz. */
void lapic_timer_start(unsigned hz);
/* Calibrates the TSC and the LAPIC timer against the PIT: TSC kHz. */
uint64_t apic_calibrate(void);
void ioapic_route(int irq, int vector, uint16_t bus);
