/* Virtio 1.0 over PCI, the "modern" transport: the device's registers are
 * in BARs that vendor capabilities point at (common, notify, ISR, device
 * configuration), and queues are split virtqueues in guest memory. A
 * device driver (virtio_net.c, later virtio_blk.c) uses this file for
 * everything but its own configuration layout and its buffers. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "drivers/pci.h"

#define VIRTIO_VENDOR 0x1AF4

/* device_status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 128

#define VIRTIO_F_VERSION_1 32

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};

/* What the driver posted at a head descriptor, while the chain is with
 * the device: what the used ring says about it is checked against this. */
/* Our own books for each descriptor (Linux's desc_state + desc_extra):
 * the device can write the descriptor table, so nothing is read back
 * from it. For the head of a chain in flight, also the chain's. */
struct virtq_chain {
    void *cookie;              /* head: what the driver passed; NULL: not in flight */
    uint32_t writable;         /* head: bytes the device may write */
    uint16_t ndesc;            /* head: descriptors in the chain */
    uint16_t next;             /* the next descriptor in its chain or in the free list */
};

/* One split virtqueue. Not locked here: its driver serializes the calls. */
struct virtq {
    uint16_t index;            /* queue number on the device */
    uint16_t size;             /* entries, a power of two */
    struct virtq_desc *desc;
    volatile struct virtq_avail *avail;
    volatile struct virtq_used *used;
    uint16_t free_head;        /* chain of free descriptors through chains[].next */
    uint16_t num_free;
    uint16_t last_used;        /* used->idx we have consumed up to */
    bool warned;               /* the device returned a bad element: said once */
    volatile uint16_t *notify; /* where to write index to kick the device */
    struct virtq_chain *chains; /* per descriptor, private (never the device's) */
};

struct virtio_pci_common_cfg;

struct virtio_dev {
    struct pci_dev *pci;
    volatile struct virtio_pci_common_cfg *common;
    volatile uint8_t *isr;
    volatile uint8_t *device_cfg;
    volatile uint8_t *notify_base;
    uint32_t notify_mult;
    uint64_t features;         /* negotiated */
    bool msix;
};

/* A piece of a buffer chain: kernel memory (direct map or kernel image). */
struct virtq_buf {
    const void *addr;
    uint32_t len;
    bool device_writes;        /* the device fills it (receive), else reads it */
};

/* Finds the capabilities, maps them, resets the device and sets
 * ACKNOWLEDGE|DRIVER: 0, or -ENODEV when this is not a modern device. */
int virtio_pci_init(struct virtio_dev *vd, struct pci_dev *pci);
/* Accepts the device's features among `wanted` (VERSION_1 is always
 * required) and sets FEATURES_OK: the negotiated set in vd->features, 0
 * or -errno (the device refused). */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted);
static inline bool virtio_has(struct virtio_dev *vd, int bit) { return vd->features >> bit & 1; }
/* Sets up queue `index` with at most max_size entries, its interrupt on
 * MSI-X entry `msix_entry` calling handler(arg) (no interrupt when handler
 * is NULL): 0 or -errno. */
int virtq_setup(struct virtio_dev *vd, struct virtq *q, unsigned index, unsigned max_size,
                unsigned msix_entry, void (*handler)(void *), void *arg);
/* The device may run. */
void virtio_driver_ok(struct virtio_dev *vd);
/* Reads the device-specific configuration, consistently (generation). */
void virtio_read_config(struct virtio_dev *vd, unsigned off, void *dst, unsigned len);
/* Reads (which clears) the ISR status byte: what an INTx interrupt was for. */
uint8_t virtio_isr(struct virtio_dev *vd);

/* The split ring's bookkeeping (drivers/virtq.c), apart from the PCI
 * transport so that host tests can play the device. */

/* Takes zeroed rings of `size` entries (a power of two) and a zeroed
 * array of `size` chains: every descriptor free. */
void virtq_init(struct virtq *q, uint16_t index, uint16_t size, struct virtq_desc *desc,
                volatile struct virtq_avail *avail, volatile struct virtq_used *used,
                struct virtq_chain *chains);
/* Why a used element (id, len) cannot be what the device finished: an id
 * past the ring, a chain not in flight (never posted, or returned twice),
 * more bytes than the chain lets the device write. NULL when it is sound. */
const char *virtq_used_invalid(const struct virtq *q, uint32_t id, uint32_t len);
/* Puts a chain of n buffers on the available ring, cookie (not NULL) naming it:
 * 0, or -ENOSPC when too few descriptors are free. The device sees it at
 * the next virtq_kick. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie);
/* Tells the device about new buffers, unless it asked not to be told. */
void virtq_kick(struct virtq *q);
/* The next chain the device has finished with: its cookie (the bytes it
 * wrote in *len), or NULL when there is none yet. Frees its descriptors.
 * An element virtq_used_invalid rejects is skipped (and said once): a
 * device's bad answer loses that answer, never the ring's consistency. */
void *virtq_get(struct virtq *q, uint32_t *len);
/* Whether the device has finished chains we have not taken. */
bool virtq_pending(struct virtq *q);
/* Asks the device not to interrupt for this queue / to interrupt again. */
void virtq_disable_intr(struct virtq *q);
void virtq_enable_intr(struct virtq *q);
