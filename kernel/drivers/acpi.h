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
int acpi_cpu_count(void);
