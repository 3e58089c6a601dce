/* panic: a kernel bug. Prints the message and a symbolized backtrace
 * (frame pointers), tells egg, and stops the machine. */
#include "lib/kernel.h"
#include "lib/ksyms.h"
#include "lib/printf.h"
#include "arch/x86_64/x86.h"

#define PANIC_STATUS 0x7F     /* isa-debug-exit: QEMU exits with 255 */

void backtrace_from(uint64_t rbp, uint64_t rip)
{
    klog("backtrace:");
    for (int depth = 0; depth < 32; depth++) {
        uint64_t off;
        const char *name = ksym_lookup(rip, &off);
        if (name)
            klog("  %016lx %s+0x%lx", rip, name, off);
        else
            klog("  %016lx ?", rip);
        /* Stop at frames outside the kernel's half. */
        if (rbp < 0xffff800000000000ul || (rbp & 7))
            break;
        rip = ((uint64_t *)rbp)[1];
        rbp = ((uint64_t *)rbp)[0];
        if (rip == 0)
            break;
    }
}

__noreturn void panic(const char *fmt, ...)
{
    cli();
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    klog("eggos: kernel panic: %s", buf);
    backtrace_from((uint64_t)__builtin_frame_address(0), (uint64_t)&&here);
here:
    panic_halt();
}

__noreturn void panic_halt(void)
{
    klog("eggos:panic");
    machine_exit(-1);
}
