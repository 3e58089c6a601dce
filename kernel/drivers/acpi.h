/* ACPI tables: what the firmware says about CPUs, the I/O APIC's
 * interrupt routing and how to switch the machine off. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Enters S5 (soft off); returns only when ACPI cannot. */
void acpi_power_off(void);
/* Resets the machine through the FADT's reset register; returns only
 * when there is none or it did nothing. */
void acpi_reset(void);
/* The I/O APIC input (GSI) of ISA IRQ irq, with its polarity and trigger
 * (ACPI MPS INTI flags), as the MADT's overrides say. */
uint32_t acpi_isa_gsi(int irq, uint16_t *flags);
uint64_t acpi_ioapic_address(void);
int acpi_cpu_count(void);
