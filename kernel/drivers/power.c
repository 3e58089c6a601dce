/* Switching the machine off with a status for the host, or restarting it. Under egg, QEMU
 * has an isa-debug-exit device at port 0xf4 (QEMU exits with
 * (value << 1) | 1) and the log channel carries the exact status as a
 * control line, since QEMU's exit code loses the high bit. */
#include "lib/kernel.h"
#include "arch/x86_64/x86.h"
#include "drivers/acpi.h"

#define DEBUG_EXIT_PORT 0xF4

/* Port 0xf4 means nothing standard on a real PC: only poke it in a VM. */
static bool under_hypervisor(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    return r[2] & (1u << 31);
}

__noreturn void machine_exit(int status)
{
    cli();
    if (status >= 0)
        klog("eggos:exit=%d", status & 0xFF);
    if (under_hypervisor())
        outl(DEBUG_EXIT_PORT, status >= 0 ? (uint32_t)status & 0x7F : 0x7F);
    acpi_power_off();
    klog("eggos: the machine could not switch itself off; halted");
    for (;;)
        hlt();
}

/* The 8042 keyboard controller's reset line, which PCs (and QEMU's pc and
 * q35) still wire to the CPU's reset. */
static void kbc_reset(void)
{
    for (int i = 0; i < 100000 && (inb(0x64) & 2); i++)
        cpu_relax();
    outb(0x64, 0xFE);
    for (uint64_t t0 = rdtsc(); rdtsc() - t0 < 100000000ull;)
        cpu_relax();
}

__noreturn void machine_reboot(void)
{
    cli();
    klog("eggos: reboot");
    acpi_reset();
    kbc_reset();
    /* Last resort: a triple fault, from an empty IDT. */
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idt = { 0, 0 };
    __asm__ volatile("lidt %0; int3" : : "m"(idt));
    for (;;)
        hlt();
}
