/* The virtio 1.0 PCI transport (virtio spec 1.1, section 4.1) and the
 * queues' memory. The queue rings live in zeroed pmm pages, so their
 * physical addresses are known and they never move; drivers/virtq.c keeps
 * their books. */
#include "drivers/virtio.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"

#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

#define VIRTIO_MSI_NO_VECTOR 0xFFFF

struct virtio_pci_common_cfg {
    uint32_t device_feature_select;
    uint32_t device_feature;
    uint32_t driver_feature_select;
    uint32_t driver_feature;
    uint16_t msix_config;
    uint16_t num_queues;
    uint8_t device_status;
    uint8_t config_generation;
    uint16_t queue_select;
    uint16_t queue_size;
    uint16_t queue_msix_vector;
    uint16_t queue_enable;
    uint16_t queue_notify_off;
    uint32_t queue_desc_lo, queue_desc_hi;   /* 64-bit registers, written as two halves */
    uint32_t queue_driver_lo, queue_driver_hi;
    uint32_t queue_device_lo, queue_device_hi;
};
_Static_assert(sizeof(struct virtio_pci_common_cfg) == 56, "virtio common configuration layout");

/* The register window a vendor capability describes, mapped. */
static volatile uint8_t *map_cap(struct pci_dev *d, unsigned cap, uint32_t *len)
{
    uint8_t bar = pci_read8(d, cap + 4);
    uint32_t off = pci_read32(d, cap + 8);
    *len = pci_read32(d, cap + 12);
    if (bar > 5 || d->bar[bar].io || (uint64_t)off + *len > d->bar[bar].size)
        return NULL;
    char *base = pci_map_bar(d, bar);
    return base ? (volatile uint8_t *)(base + off) : NULL;
}

int virtio_pci_init(struct virtio_dev *vd, struct pci_dev *pci)
{
    memset(vd, 0, sizeof *vd);
    vd->pci = pci;
    for (unsigned cap = pci_find_cap(pci, PCI_CAP_ID_VENDOR, 0); cap;
         cap = pci_find_cap(pci, PCI_CAP_ID_VENDOR, cap)) {
        uint8_t type = pci_read8(pci, cap + 3);
        uint32_t len;
        volatile uint8_t *p;
        /* The first capability of each type is the preferred one. */
        switch (type) {
        case VIRTIO_PCI_CAP_COMMON_CFG:
            if (!vd->common && (p = map_cap(pci, cap, &len)) && len >= sizeof(struct virtio_pci_common_cfg))
                vd->common = (volatile struct virtio_pci_common_cfg *)p;
            break;
        case VIRTIO_PCI_CAP_NOTIFY_CFG:
            if (!vd->notify_base && (p = map_cap(pci, cap, &len))) {
                vd->notify_base = p;
                vd->notify_mult = pci_read32(pci, cap + 16);
            }
            break;
        case VIRTIO_PCI_CAP_ISR_CFG:
            if (!vd->isr && (p = map_cap(pci, cap, &len)))
                vd->isr = p;
            break;
        case VIRTIO_PCI_CAP_DEVICE_CFG:
            if (!vd->device_cfg && (p = map_cap(pci, cap, &len)))
                vd->device_cfg = p;
            break;
        }
    }
    if (!vd->common || !vd->notify_base || !vd->isr)
        return -ENODEV;
    pci_enable(pci);
    vd->common->device_status = 0;                 /* reset */
    while (vd->common->device_status != 0)
        cpu_relax();
    vd->common->device_status = VIRTIO_STATUS_ACKNOWLEDGE;
    vd->common->device_status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
    vd->msix = pci_msix_enable(pci) > 0;
    vd->common->msix_config = VIRTIO_MSI_NO_VECTOR;
    return 0;
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted)
{
    volatile struct virtio_pci_common_cfg *c = vd->common;
    c->device_feature_select = 0;
    uint64_t offered = c->device_feature;
    c->device_feature_select = 1;
    offered |= (uint64_t)c->device_feature << 32;
    wanted |= 1ull << VIRTIO_F_VERSION_1;
    uint64_t f = offered & wanted;
    if (!(f >> VIRTIO_F_VERSION_1 & 1))
        return -ENODEV;
    c->driver_feature_select = 0;
    c->driver_feature = (uint32_t)f;
    c->driver_feature_select = 1;
    c->driver_feature = (uint32_t)(f >> 32);
    c->device_status = c->device_status | VIRTIO_STATUS_FEATURES_OK;
    if (!(c->device_status & VIRTIO_STATUS_FEATURES_OK)) {
        c->device_status = c->device_status | VIRTIO_STATUS_FAILED;
        return -EIO;
    }
    vd->features = f;
    return 0;
}

void virtio_driver_ok(struct virtio_dev *vd)
{
    vd->common->device_status = vd->common->device_status | VIRTIO_STATUS_DRIVER_OK;
}

void virtio_read_config(struct virtio_dev *vd, unsigned off, void *dst, unsigned len)
{
    uint8_t gen;
    do {
        gen = vd->common->config_generation;
        for (unsigned i = 0; i < len; i++)
            ((uint8_t *)dst)[i] = vd->device_cfg ? vd->device_cfg[off + i] : 0;
    } while (gen != vd->common->config_generation);
}

uint8_t virtio_isr(struct virtio_dev *vd) { return *vd->isr; }

static void *alloc_ring(size_t bytes)
{
    int order = 0;
    while ((PAGE_SIZE << order) < bytes)
        order++;
    uint64_t pa = pmm_alloc(order);
    if (!pa)
        return NULL;
    void *p = phys_to_virt(pa);
    memset(p, 0, PAGE_SIZE << order);
    return p;
}

int virtq_setup(struct virtio_dev *vd, struct virtq *q, unsigned index, unsigned max_size,
                unsigned msix_entry, void (*handler)(void *), void *arg)
{
    volatile struct virtio_pci_common_cfg *c = vd->common;
    if (index >= c->num_queues)
        return -ENOENT;
    c->queue_select = (uint16_t)index;
    unsigned size = c->queue_size;
    if (size == 0)
        return -ENOENT;
    while (size > max_size)              /* sizes are powers of two; smaller is allowed */
        size /= 2;
    struct virtq_desc *desc = alloc_ring(16 * size);
    volatile struct virtq_avail *avail = alloc_ring(6 + 2 * size);
    volatile struct virtq_used *used = alloc_ring(6 + 8 * size);
    struct virtq_chain *chains = kzalloc(size * sizeof(*chains));
    if (!desc || !avail || !used || !chains)
        return -ENOMEM;
    virtq_init(q, (uint16_t)index, (uint16_t)size, desc, avail, used, chains);
    c->queue_size = (uint16_t)size;
    uint64_t desc_pa = virt_to_phys(desc), avail_pa = virt_to_phys((const void *)avail),
             used_pa = virt_to_phys((const void *)used);
    c->queue_desc_lo = (uint32_t)desc_pa;
    c->queue_desc_hi = (uint32_t)(desc_pa >> 32);
    c->queue_driver_lo = (uint32_t)avail_pa;
    c->queue_driver_hi = (uint32_t)(avail_pa >> 32);
    c->queue_device_lo = (uint32_t)used_pa;
    c->queue_device_hi = (uint32_t)(used_pa >> 32);
    c->queue_msix_vector = VIRTIO_MSI_NO_VECTOR;
    if (handler && vd->msix) {
        if (pci_msix_route(vd->pci, msix_entry, handler, arg))
            return -EBUSY;
        c->queue_msix_vector = (uint16_t)msix_entry;
        if (c->queue_msix_vector != msix_entry)   /* the device refused the vector */
            return -EBUSY;
    }
    q->notify = (volatile uint16_t *)(vd->notify_base + (uint32_t)c->queue_notify_off * vd->notify_mult);
    c->queue_enable = 1;
    return 0;
}
