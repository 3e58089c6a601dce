/* PCI: configuration space, the bus scan, BARs, capabilities, MSI-X, and
 * the table of drivers. A driver is a module: PCI_DRIVER() enters it in a
 * link-time section (like SYSCALL_DEFINEn), so adding one touches no central
 * list, and pci_init() hands each device found to the first driver whose
 * ID table matches it. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PCI_VENDOR_ID      0x00
#define PCI_DEVICE_ID      0x02
#define PCI_COMMAND        0x04
#define PCI_STATUS         0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE    0x0E
#define PCI_BAR0           0x10
#define PCI_SECONDARY_BUS  0x19      /* bridges (header type 1) */
#define PCI_SUBSYSTEM_ID   0x2E
#define PCI_CAP_PTR        0x34
#define PCI_INTERRUPT_LINE 0x3C

#define PCI_COMMAND_IO     0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_CAP_ID_MSI    0x05
#define PCI_CAP_ID_VENDOR 0x09
#define PCI_CAP_ID_MSIX   0x11

#define PCI_ANY_ID 0xFFFF

struct pci_bar {
    uint64_t addr;             /* bus address as the firmware assigned it; 0 if none */
    uint64_t size;
    bool io;                   /* an I/O port range, else memory */
};

struct pci_dev {
    uint8_t bus, slot, fn;
    uint16_t vendor, device;
    uint16_t subsys_vendor, subsys_device;
    uint8_t class, subclass, prog_if, revision;
    struct pci_bar bar[6];
    struct pci_dev *next;      /* every device found, in scan order */
    const struct pci_driver *driver;
    void *priv;                /* the driver's */
    /* MSI-X, once pci_msix_enable ran */
    volatile uint32_t *msix_table;
    unsigned msix_count;
};

struct pci_id {
    uint16_t vendor, device;   /* PCI_ANY_ID matches any device; {0, 0} ends a table */
};

struct pci_driver {
    const char *name;
    const struct pci_id *ids;
    /* Takes the device: 0, or -errno to leave it to the next driver. */
    int (*probe)(struct pci_dev *dev);
};

#define PCI_DRIVER(drv)                                                      \
    static const struct pci_driver *const __pci_driver_##drv                 \
        __attribute__((used, section(".pci_drivers"), aligned(8))) = &(drv)
struct pci_dev *pci_devices(void);

uint8_t pci_read8(struct pci_dev *d, unsigned off);
uint16_t pci_read16(struct pci_dev *d, unsigned off);
uint32_t pci_read32(struct pci_dev *d, unsigned off);
void pci_write8(struct pci_dev *d, unsigned off, uint8_t v);
void pci_write16(struct pci_dev *d, unsigned off, uint16_t v);
void pci_write32(struct pci_dev *d, unsigned off, uint32_t v);

/* Turns on memory and I/O decoding and bus mastering (DMA). */
void pci_enable(struct pci_dev *d);
/* The config-space offset of the capability with this ID after `after`
 * (0: from the start), or 0 when there is none. */
unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned after);
/* Maps BAR n uncached: its kernel address, or NULL when it is absent or
 * an I/O range. */
void *pci_map_bar(struct pci_dev *d, int n);

/* MSI-X: maps the table, masks every entry and turns MSI-X on (INTx off).
 * The number of entries, or -errno when the device has no MSI-X. */
int pci_msix_enable(struct pci_dev *d);
/* Points entry n at a new interrupt vector that calls handler(arg), and
 * unmasks it: 0, or -errno (no entry n, no free vector). */
int pci_msix_route(struct pci_dev *d, unsigned n, void (*handler)(void *), void *arg);
