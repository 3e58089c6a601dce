/* kmain: from the boot entry (arch/x86_64/boot.S) to the first program. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rtc.h"
#include "arch/x86_64/x86.h"
#include "drivers/driver.h"
#include "drivers/serial.h"
#include "fs/fs_init.h"
#include "fs/indev.h"
#include "fs/tty.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "net/stack.h"
#include "sched/clock.h"
#include "sched/init.h"
#include "sched/sched.h"
#include "sys/rlimit.h"
#include "sys/syscall.h"

/* "quiet" hides the informational lines; "loglevel=N" decides instead,
 * as on Linux: they are level 6, shown when N is 7 or more. */
static bool log_verbose_wanted(void)
{
    const char *level = cmdline_get("loglevel");
    if (level && *level >= '0' && *level <= '9')
        return *level >= '7' || level[1] != 0;
    return !cmdline_get("quiet");
}

void kmain(uint32_t magic, uint64_t info_phys)
{
    uint64_t tsc0 = rdtsc();
    drivers_init(DRIVER_CONSOLE);
    bootinfo_parse(magic, info_phys);
    if (magic == BOOT_MAGIC_MB2)
        serial_boot_mark();       /* after GRUB and the firmware's own output */
    serial_input_ready();
    log_verbose = log_verbose_wanted();
    cpu_init();
    idt_init();
    pmm_init();
    paging_init();
    fpu_init();
    drivers_init(DRIVER_FIRMWARE);
    apic_init();
    uint64_t khz = apic_calibrate();
    cpu_set_khz(khz);
    clock_init(khz, rtc_read_epoch());
    random_init();
    syscall_init();
    rlimit_init();
    if (!boot_info.initrd_len)
        panic("no initramfs from the %s boot loader: boot the image egg builds (QEMU -initrd)", boot_info.protocol);
    fs_init(phys_to_virt(boot_info.initrd_phys), boot_info.initrd_len);
    sched_init();
    net_init();
    drivers_init(DRIVER_BUS);     /* after net_init: virtio-net adds an interface */
    random_log_sources();
    start_init();
    indev_init();                 /* before the tty: COM1 may be stdin's, not the terminal's */
    tty_init();
    drivers_init(DRIVER_INPUT);   /* their interrupts deliver to the tty and the program */
    lapic_timer_start(HZ);
    if (log_verbose)
        klog("eggos: booted by %s, %lu MiB free, kernel ready in %lu ms", boot_info.protocol,
             pmm_free_pages() / 256, (rdtsc() - tsc0) / khz);
    sched_start();
}
