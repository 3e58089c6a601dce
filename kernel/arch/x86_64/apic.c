/* The APICs. The legacy 8259 PICs are remapped out of the exception
 * vectors and masked: devices interrupt through the I/O APIC (where the
 * ACPI MADT puts it and routes ISA IRQs), the tick comes from the local
 * APIC timer. */
#include "arch/x86_64/apic.h"
#include <stdbool.h>
#include "arch/x86_64/irq.h"
#include "arch/x86_64/rtc.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "mm/paging.h"

#define LAPIC_PHYS 0xFEE00000ul

#define LAPIC_ID 0x20
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3E0
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)

#define PIT_HZ 1193182u

#define DEFAULT_IOAPIC 0xFEC00000ul

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint64_t ioapic_phys = DEFAULT_IOAPIC;
/* ISA IRQs wired elsewhere than their own I/O APIC input, as the firmware
 * says (set = false: input irq, the ISA bus's polarity and trigger). */
static struct { bool set; uint32_t gsi; uint16_t flags; } isa_override[IRQ_ISA_COUNT];
static uint32_t lapic_ticks_per_10ms;
static void (*handlers[IRQ_ISA_COUNT])(void);

static uint32_t lapic_read(uint32_t reg) { return lapic[reg / 4]; }
static void lapic_write(uint32_t reg, uint32_t v) { lapic[reg / 4] = v; }

static void ioapic_write(uint32_t reg, uint32_t v)
{
    ioapic[0] = reg;
    ioapic[4] = v;
}

static void pic_disable(void)
{
    outb(0x20, 0x11); outb(0xA0, 0x11);     /* init */
    outb(0x21, 0x20); outb(0xA1, 0x28);     /* vectors 0x20.., 0x28.. */
    outb(0x21, 0x04); outb(0xA1, 0x02);     /* cascade */
    outb(0x21, 0x01); outb(0xA1, 0x01);     /* 8086 mode */
    outb(0x21, 0xFF); outb(0xA1, 0xFF);     /* mask all */
}

void apic_init(void)
{
    pic_disable();
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));
    lapic = ioremap(LAPIC_PHYS, 4096);
    ioapic = ioremap(ioapic_phys, 4096);
    lapic_write(LAPIC_SVR, 0x100 | VECTOR_SPURIOUS);
    for (int irq = 0; irq < 24; irq++)
        ioapic_write(0x10 + 2 * irq, LVT_MASKED);
}

void lapic_eoi(void) { lapic_write(LAPIC_EOI, 0); }

void ioapic_set_address(uint64_t phys) { ioapic_phys = phys; }

void ioapic_set_isa_override(int irq, uint32_t gsi, uint16_t flags)
{
    if (irq >= IRQ_ISA_COUNT || isa_override[irq].set)
        return;                   /* the first one the firmware lists counts */
    isa_override[irq].set = true;
    isa_override[irq].gsi = gsi;
    isa_override[irq].flags = flags;
}

/* The I/O APIC input of ISA IRQ irq, with its MPS INTI flags. */
static uint32_t isa_gsi(int irq, uint16_t *flags)
{
    bool set = irq < IRQ_ISA_COUNT && isa_override[irq].set;
    *flags = set ? isa_override[irq].flags : 0;
    return set ? isa_override[irq].gsi : (uint32_t)irq;
}

#define IOAPIC_ACTIVE_LOW (1u << 13)
#define IOAPIC_LEVEL (1u << 15)

/* bus: the polarity and trigger (MPS INTI flags) where the MADT says the
 * input "conforms to the bus": 0 for ISA's edge, active high. */
void ioapic_route(int irq, int vector, uint16_t bus)
{
    uint16_t flags;
    uint32_t gsi = isa_gsi(irq, &flags);
    if (!(flags & 3))
        flags |= bus & 3;
    if (!(flags & 0xC))
        flags |= bus & 0xC;
    uint32_t low = (uint32_t)vector;                   /* fixed delivery */
    if ((flags & 3) == 3)
        low |= IOAPIC_ACTIVE_LOW;
    if (((flags >> 2) & 3) == 3)
        low |= IOAPIC_LEVEL;
    uint32_t id = lapic_read(LAPIC_ID) >> 24;
    ioapic_write(0x10 + 2 * gsi + 1, id << 24);
    ioapic_write(0x10 + 2 * gsi, low);
}


/* One calibration window: TSC and LAPIC timer ticks over a known time. */
struct window { uint64_t tsc; uint32_t lapic; };

/* 2 ms of PIT channel 2 (mode 0, its OUT bit read back through port
 * 0x61). false when there is no PIT: the bit is already up. */
static bool pit_window(struct window *w)
{
    uint16_t count = PIT_HZ / 500;
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);            /* gate on, speaker off */
    outb(0x43, 0xB0);                                  /* channel 2, mode 0 */
    outb(0x42, count & 0xFF);
    lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
    uint64_t t0 = rdtsc();
    outb(0x42, count >> 8);                            /* counting starts */
    if (inb(0x61) & 0x20)
        return false;
    while (!(inb(0x61) & 0x20))
        cpu_relax();
    w->tsc = rdtsc() - t0;
    w->lapic = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CUR);
    return true;
}

/* 2 periods of the RTC's 1024 Hz flag, edge to edge (1.95 ms). */
static void rtc_window(struct window *w)
{
    rtc_periodic_start();
    rtc_periodic_wait();
    lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
    uint64_t t0 = rdtsc();
    rtc_periodic_wait();
    rtc_periodic_wait();
    w->tsc = rdtsc() - t0;
    w->lapic = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CUR);
    rtc_periodic_stop();
}

#define WINDOWS 5

/* The TSC's kHz, and the LAPIC timer's rate. A window can only come out
 * too long (the vCPU preempted on the host before it sees the end), so
 * the shortest of several is the truest. */
uint64_t apic_calibrate(void)
{
    lapic_write(LAPIC_TIMER_DIV, 0x3);                 /* divide by 16 */
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    struct window best = { ~0ul, 0 }, w;
    bool pit = pit_window(&w);
    uint64_t window_ns = pit ? (uint64_t)(PIT_HZ / 500) * 1000000000ul / PIT_HZ : 2000000000ul / 1024;
    for (int i = 0; i < WINDOWS; i++) {
        if (i > 0 || !pit) {
            if (pit)
                pit_window(&w);
            else
                rtc_window(&w);
        }
        if (w.tsc < best.tsc)
            best = w;
    }
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_ticks_per_10ms = (uint32_t)((uint64_t)best.lapic * 10000000ul / window_ns);
    return best.tsc * 1000000ul / window_ns;
}

void lapic_timer_start(unsigned hz)
{
    lapic_write(LAPIC_TIMER_DIV, 0x3);
    lapic_write(LAPIC_LVT_TIMER, VECTOR_TIMER | LVT_PERIODIC);
    lapic_write(LAPIC_TIMER_INIT, lapic_ticks_per_10ms * 100 / hz);
}

void irq_register(int irq, void (*handler)(void))
{
    handlers[irq] = handler;
    ioapic_route(irq, IRQ_VECTOR_BASE + irq, 0);
}

void irq_register_level(int irq, void (*handler)(void))
{
    handlers[irq] = handler;
    ioapic_route(irq, IRQ_VECTOR_BASE + irq, INTI_LEVEL_ACTIVE_LOW);
}

void irq_dispatch(int vector)
{
    int irq = vector - IRQ_VECTOR_BASE;
    if (handlers[irq])
        handlers[irq]();
}
