/* The CMOS real-time clock, read once at boot for the wall clock. */
#include "drivers/rtc.h"
#include "arch/x86_64/x86.h"
#include <stdbool.h>
#include <stdint.h>

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned bcd(uint8_t v, bool is_bcd) { return is_bcd ? (v & 15) + (v >> 4) * 10 : v; }

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
    while (cmos(0x0A) & 0x80)          /* update in progress */
        ;
    uint8_t s = cmos(0x00), mi = cmos(0x02), h = cmos(0x04);
    uint8_t d = cmos(0x07), mo = cmos(0x08), y = cmos(0x09), c = cmos(0x32);
    uint8_t b = cmos(0x0B);
    bool is_bcd = !(b & 0x04);
    unsigned hour = bcd(h & 0x7F, is_bcd);
    if (!(b & 0x02) && (h & 0x80))     /* 12-hour clock, PM */
        hour = (hour % 12) + 12;
    unsigned year = bcd(y, is_bcd) + (c ? bcd(c, is_bcd) * 100 : 2000);
    int64_t days = days_from_civil(year, bcd(mo, is_bcd), bcd(d, is_bcd));
    return (uint64_t)(days * 86400 + hour * 3600 + bcd(mi, is_bcd) * 60 + bcd(s, is_bcd));
}

/* The RTC's periodic flag at 1024 Hz: a time base for calibrating the TSC
 * where there is no PIT (QEMU microvm). QEMU runs the periodic timer only
 * with its interrupt enabled; the interrupt stays masked at the I/O APIC. */
static uint8_t saved_b;

static void cmos_write(uint8_t reg, uint8_t v)
{
    outb(0x70, reg);
    outb(0x71, v);
}

void rtc_periodic_start(void)
{
    cmos_write(0x0A, (cmos(0x0A) & 0xF0) | 6);     /* rate 6: 1024 Hz */
    saved_b = cmos(0x0B);
    cmos_write(0x0B, saved_b | 0x40);
    cmos(0x0C);                                    /* clears the flags */
}

void rtc_periodic_wait(void)
{
    while (!(cmos(0x0C) & 0x40))
        ;
}

void rtc_periodic_stop(void)
{
    cmos_write(0x0B, saved_b);
    cmos(0x0C);
}
