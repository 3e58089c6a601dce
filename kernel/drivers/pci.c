/* PCI through configuration mechanism #1 (ports 0xCF8/0xCFC), which every
 * PC chipset and QEMU machine with a PCI bus has. The firmware (SeaBIOS,
 * OVMF, a real BIOS) has already assigned the BARs; the kernel reads them
 * and leaves them where they are. */
#include "drivers/pci.h"
#include "drivers/driver.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "mm/paging.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC

#define MSIX_CTRL_ENABLE (1u << 15)
#define MSIX_CTRL_MASKALL (1u << 14)
#define MSIX_ENTRY_SIZE 16
#define MSIX_VECTOR_MASKED 1u

extern const struct pci_driver *const __start_pci_drivers[], *const __stop_pci_drivers[];

/* The address/data port pair is one shared register: a read is two port
 * accesses that must not interleave with another CPU's. */
static spinlock_t config_lock = SPINLOCK_INIT;
static struct pci_dev *devices, **devices_tail = &devices;

static uint32_t config_read(uint8_t bus, uint8_t slot, uint8_t fn, unsigned off)
{
    uint64_t f = spin_lock_irqsave(&config_lock);
    outl(CONFIG_ADDRESS, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
                         (uint32_t)fn << 8 | (off & 0xFC));
    uint32_t v = inl(CONFIG_DATA);
    spin_unlock_irqrestore(&config_lock, f);
    return v;
}

static void config_write(uint8_t bus, uint8_t slot, uint8_t fn, unsigned off, uint32_t v)
{
    uint64_t f = spin_lock_irqsave(&config_lock);
    outl(CONFIG_ADDRESS, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
                         (uint32_t)fn << 8 | (off & 0xFC));
    outl(CONFIG_DATA, v);
    spin_unlock_irqrestore(&config_lock, f);
}

uint32_t pci_read32(struct pci_dev *d, unsigned off) { return config_read(d->bus, d->slot, d->fn, off); }
uint16_t pci_read16(struct pci_dev *d, unsigned off) { return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8)); }
uint8_t pci_read8(struct pci_dev *d, unsigned off) { return (uint8_t)(pci_read32(d, off) >> ((off & 3) * 8)); }

void pci_write32(struct pci_dev *d, unsigned off, uint32_t v) { config_write(d->bus, d->slot, d->fn, off, v); }

/* Narrow writes are read-modify-write of the dword. Not for registers
 * with write-1-to-clear bits in the same dword (the status register next
 * to the command register): those bits are written back as 0 here. */
static void write_masked(struct pci_dev *d, unsigned off, uint32_t v, uint32_t mask)
{
    unsigned shift = (off & 3) * 8;
    uint32_t old = pci_read32(d, off & ~3u);
    if ((off & ~3u) == PCI_COMMAND)
        old &= 0xFFFF;                     /* never clear status bits by accident */
    pci_write32(d, off & ~3u, (old & ~(mask << shift)) | (v & mask) << shift);
}

void pci_write16(struct pci_dev *d, unsigned off, uint16_t v) { write_masked(d, off, v, 0xFFFF); }
void pci_write8(struct pci_dev *d, unsigned off, uint8_t v) { write_masked(d, off, v, 0xFF); }

struct pci_dev *pci_devices(void) { return devices; }

/* Sizes each BAR by writing all ones and reading back which address bits
 * stick, with decoding off meanwhile so that the device never answers at
 * the probe address. */
static void read_bars(struct pci_dev *d)
{
    uint16_t cmd = pci_read16(d, PCI_COMMAND);
    pci_write16(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    for (int i = 0; i < 6; i++) {
        unsigned off = PCI_BAR0 + 4 * i;
        uint32_t lo = pci_read32(d, off);
        pci_write32(d, off, 0xFFFFFFFF);
        uint32_t szlo = pci_read32(d, off);
        pci_write32(d, off, lo);
        if (szlo == 0 || szlo == 0xFFFFFFFF)
            continue;
        struct pci_bar *b = &d->bar[i];
        if (lo & 1) {
            b->io = true;
            b->addr = lo & ~3u;
            b->size = (uint16_t)(~(szlo & ~3u) + 1);
            continue;
        }
        uint64_t addr = lo & ~0xFu, mask = szlo & ~0xFu;
        if (((lo >> 1) & 3) == 2 && i < 5) {      /* 64-bit: the next BAR is the high half */
            uint32_t hi = pci_read32(d, off + 4);
            pci_write32(d, off + 4, 0xFFFFFFFF);
            uint32_t szhi = pci_read32(d, off + 4);
            pci_write32(d, off + 4, hi);
            addr |= (uint64_t)hi << 32;
            mask |= (uint64_t)szhi << 32;
            i++;
        } else {
            mask |= 0xFFFFFFFF00000000ull;
        }
        b->addr = addr;
        b->size = ~mask + 1;
    }
    pci_write16(d, PCI_COMMAND, cmd);
}

static void scan_bus(uint8_t bus, int depth);

static void add_function(uint8_t bus, uint8_t slot, uint8_t fn, int depth)
{
    uint32_t id = config_read(bus, slot, fn, PCI_VENDOR_ID);
    struct pci_dev *d = kzalloc(sizeof *d);
    if (!d)
        panic("pci: out of memory");
    d->bus = bus;
    d->slot = slot;
    d->fn = fn;
    d->vendor = (uint16_t)id;
    d->device = (uint16_t)(id >> 16);
    uint32_t cr = pci_read32(d, PCI_CLASS_REVISION);
    d->class = (uint8_t)(cr >> 24);
    d->subclass = (uint8_t)(cr >> 16);
    d->prog_if = (uint8_t)(cr >> 8);
    d->revision = (uint8_t)cr;
    uint8_t type = pci_read8(d, PCI_HEADER_TYPE) & 0x7F;
    if (type == 0) {
        uint32_t sub = pci_read32(d, 0x2C);
        d->subsys_vendor = (uint16_t)sub;
        d->subsys_device = (uint16_t)(sub >> 16);
        read_bars(d);
    }
    *devices_tail = d;
    devices_tail = &d->next;
    /* A PCI-to-PCI bridge: the devices behind it are on its secondary bus.
     * depth bounds a malformed (cyclic) bridge setup. */
    if (type == 1 && depth < 16) {
        uint8_t secondary = pci_read8(d, PCI_SECONDARY_BUS);
        if (secondary > bus)
            scan_bus(secondary, depth + 1);
    }
}

static void scan_bus(uint8_t bus, int depth)
{
    for (uint8_t slot = 0; slot < 32; slot++) {
        if ((uint16_t)config_read(bus, slot, 0, PCI_VENDOR_ID) == 0xFFFF)
            continue;
        bool multi = (config_read(bus, slot, 0, 0x0C) >> 16) & 0x80;
        for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
            if ((uint16_t)config_read(bus, slot, fn, PCI_VENDOR_ID) != 0xFFFF)
                add_function(bus, slot, fn, depth);
        }
    }
}

unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned after)
{
    if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
        return 0;
    unsigned off = after ? pci_read8(d, after + 1) : pci_read8(d, PCI_CAP_PTR);
    /* At most 48 capabilities fit in 256 bytes: a longer walk is a loop. */
    for (int n = 0; off >= 0x40 && n < 48; n++) {
        off &= ~3u;
        if (pci_read8(d, off) == id)
            return off;
        off = pci_read8(d, off + 1);
    }
    return 0;
}

void pci_enable(struct pci_dev *d)
{
    pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_COMMAND_IO |
                                PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void *pci_map_bar(struct pci_dev *d, int n)
{
    if (n < 0 || n > 5 || d->bar[n].io || !d->bar[n].addr || !d->bar[n].size)
        return NULL;
    return ioremap(d->bar[n].addr, d->bar[n].size);
}

int pci_msix_enable(struct pci_dev *d)
{
    unsigned cap = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);
    if (!cap)
        return -ENODEV;
    uint16_t ctrl = pci_read16(d, cap + 2);
    uint32_t table = pci_read32(d, cap + 4);
    unsigned count = (ctrl & 0x7FF) + 1;
    int bir = table & 7;
    uint64_t off = table & ~7u;
    if (bir > 5 || d->bar[bir].io || off + count * MSIX_ENTRY_SIZE > d->bar[bir].size)
        return -ENODEV;
    char *bar = pci_map_bar(d, bir);
    if (!bar)
        return -ENODEV;
    d->msix_table = (volatile uint32_t *)(bar + off);
    d->msix_count = count;
    /* Mask every entry before enabling, then lift the function mask: an
     * entry fires only once pci_msix_route points it somewhere. */
    pci_write16(d, cap + 2, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
    for (unsigned i = 0; i < count; i++)
        d->msix_table[i * 4 + 3] = MSIX_VECTOR_MASKED;
    pci_write16(d, cap + 2, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);
    pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
    return (int)count;
}

/* The local APIC ID of this CPU (its initial ID, from CPUID). Interrupts
 * all go to the boot CPU for now. */
static uint32_t this_apic_id(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    return r[1] >> 24;
}

int pci_msix_route(struct pci_dev *d, unsigned n, void (*handler)(void *), void *arg)
{
    if (!d->msix_table || n >= d->msix_count)
        return -EINVAL;
    int vector = irq_alloc_vector(handler, arg);
    if (vector < 0)
        return -EBUSY;
    volatile uint32_t *e = d->msix_table + n * 4;
    e[0] = 0xFEE00000u | this_apic_id() << 12;    /* physical destination */
    e[1] = 0;
    e[2] = (uint32_t)vector;                       /* fixed delivery, edge */
    e[3] = 0;                                      /* unmasked */
    return 0;
}

/* Scans every bus and probes the drivers. */
static void pci_init(void)
{
    scan_bus(0, 0);
    for (struct pci_dev *d = devices; d; d = d->next) {
        for (const struct pci_driver *const *p = __start_pci_drivers; p < __stop_pci_drivers; p++) {
            const struct pci_driver *drv = *p;
            bool match = false;
            for (const struct pci_id *id = drv->ids; id->vendor || id->device; id++)
                match |= id->vendor == d->vendor && (id->device == PCI_ANY_ID || id->device == d->device);
            if (!match)
                continue;
            int r = drv->probe(d);
            if (r == 0) {
                d->driver = drv;
                if (log_verbose)
                    klog("pci: %02x:%02x.%x %04x:%04x: %s", d->bus, d->slot, d->fn, d->vendor,
                         d->device, drv->name);
                break;
            }
            klog("pci: %02x:%02x.%x %04x:%04x: %s failed: error %d", d->bus, d->slot, d->fn,
                 d->vendor, d->device, drv->name, -r);
        }
    }
}
DRIVER_INIT(pci_init, DRIVER_BUS);
