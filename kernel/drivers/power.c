/* Switching the machine off with a status for the host. Under egg, QEMU
 * has an isa-debug-exit device at port 0xf4 (QEMU exits with
 * (value << 1) | 1) and the log channel carries the exact status as a
 * control line, since QEMU's exit code loses the high bit. */
#include "lib/kernel.h"
#include "arch/x86_64/x86.h"

#define DEBUG_EXIT_PORT 0xF4

__noreturn void machine_exit(int status)
{
    cli();
    if (status >= 0)
        klog("eggos:exit=%d", status & 0xFF);
    outl(DEBUG_EXIT_PORT, status >= 0 ? (uint32_t)status & 0x7F : 0x7F);
    /* No debug-exit device: ACPI S5 on QEMU's PIIX4 (pc) and ICH9 (q35). */
    outw(0x604, 0x2000);
    outw(0xB004, 0x2000);
    for (;;)
        hlt();
}
