/* Drivers are modules. Each enters its init functions in a link-time
 * section with DRIVER_INIT() (like SYSCALL() and PCI_DRIVER()), so adding
 * a driver touches no central list; kmain runs each level's inits at the
 * point of boot that level needs (drivers_init). An init finds its device
 * and registers what the driver serves with the layer below: its IRQ
 * (irq_register), its network interface (netdev), a framebuffer
 * (register_framebuffer), the kernel's log (log_set_sinks). Its /dev,
 * /proc and /sys nodes are static: DEVFS_NODE() and PSEUDO_ENTRY() beside
 * the file operations. A PCI device's driver is a PCI_DRIVER(), probed by
 * the PCI bus's own init. See README.md, "Adding a driver". */
#pragma once

/* In boot order. Within a level, inits run in link order (by file name). */
enum driver_level {
    DRIVER_CONSOLE,    /* first of all: where the boot's messages go */
    DRIVER_FIRMWARE,   /* before the APIC: the firmware's tables, which route its interrupts */
    DRIVER_BUS,        /* with the scheduler and the network stack up: buses and their devices */
    DRIVER_INPUT,      /* with the first program and its terminal there: devices whose
                        * interrupts deliver to them (a byte typed, a key, the power button) */
};

struct driver_init {
    const char *name;
    enum driver_level level;
    void (*init)(void);
};

#define DRIVER_INIT(fn, lvl)                                                    \
    static const struct driver_init __driver_init_##fn = { #fn, lvl, fn };      \
    static const struct driver_init *const __driver_init_ptr_##fn               \
        __attribute__((used, section(".initcalls"), aligned(8))) = &__driver_init_##fn

/* Runs every driver init of this level. */
void drivers_init(enum driver_level level);
