/* The interrupt descriptor table: every vector enters through its stub in
 * entry.S. Double fault, NMI and machine check run on their own stacks
 * (IST) so that they work even when the kernel stack is gone. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include <stdint.h>

struct gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
extern const uint64_t vector_table[256];

static void set_gate(int v, uint8_t ist, uint8_t dpl)
{
    uint64_t a = vector_table[v];
    idt[v] = (struct gate){
        .off_lo = a & 0xFFFF, .sel = SEL_KCODE, .ist = ist,
        .type = 0x8E | (dpl << 5),          /* present, interrupt gate */
        .off_mid = (a >> 16) & 0xFFFF, .off_hi = a >> 32,
    };
}

void idt_init(void)
{
    for (int v = 0; v < 256; v++)
        set_gate(v, 0, 0);
    set_gate(2, 2, 0);      /* NMI */
    set_gate(8, 1, 0);      /* double fault */
    set_gate(18, 3, 0);     /* machine check */
    set_gate(3, 0, 3);      /* int3 from user mode is a SIGTRAP, not a #GP */
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idtr =
        { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(idtr));
}
