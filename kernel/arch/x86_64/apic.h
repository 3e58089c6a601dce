/* Local APIC (timer, end of interrupt) and I/O APIC (device IRQs). */
#pragma once
#include <stdint.h>

void apic_init(void);
void lapic_eoi(void);
/* Starts the periodic scheduler tick at hz. */
void lapic_timer_start(unsigned hz);
/* Calibrates the TSC and the LAPIC timer against the PIT: TSC kHz. */
uint64_t apic_calibrate(void);
void ioapic_route(int irq, int vector, uint16_t bus);
