/* The CMOS real-time clock (arch/x86_64/rtc.c): the wall clock at boot,
 * and a 1024 Hz time base for calibrating the TSC (arch/x86_64/apic.c). */
#pragma once
#include <stdint.h>

/* Seconds since 1970-01-01 UTC, as the RTC shows them now. */
uint64_t rtc_read_epoch(void);
/* The periodic flag: start it, wait for its next tick (1/1024 s), stop. */
void rtc_periodic_start(void);
void rtc_periodic_wait(void);
void rtc_periodic_stop(void);
