/* The CMOS real-time clock: the wall clock at boot, and its periodic
 * interrupt where the local APIC timer is calibrated. */
#pragma once
#include <stdint.h>

uint64_t rtc_read_epoch(void);
void rtc_periodic_start(void);
void rtc_periodic_wait(void);
void rtc_periodic_stop(void);
