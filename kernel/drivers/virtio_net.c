/* virtio-net (virtio spec 1.1, section 5.1): one receive and one transmit
 * queue. Received frames land in 2 KiB buffers the driver keeps posted;
 * the receive interrupt (MSI-X) only wakes the network thread, which
 * copies frames out through ops.poll and posts the buffers again. A frame
 * to send is copied into a 2 KiB slot of the transmit queue; finished
 * slots are taken back lazily, so the transmit queue needs no interrupt.
 *
 * Offloads: QEMU offers checksum and segmentation offload only when its
 * backend takes virtio headers (tap), never with user networking, so the
 * driver asks for none: lwIP checksums in software. */
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "net/netdev.h"

#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16

#define RX_QUEUE 0
#define TX_QUEUE 1
#define QUEUE_MAX 256
#define BUF_SIZE 2048                 /* header + the largest frame (1514) fits */
#define ETH_FRAME_MAX 1514

/* With VIRTIO_F_VERSION_1 the header always has num_buffers: 12 bytes. */
struct virtio_net_hdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
    uint16_t num_buffers;
};

struct vnet {
    struct virtio_dev vd;
    struct virtq rx, tx;
    struct netdev nd;
    spinlock_t tx_lock;               /* guards tx and tx_slots */
    char *rx_bufs, *tx_bufs;          /* BUF_SIZE per descriptor */
    uint16_t *tx_slots;               /* free transmit slots, a stack */
    unsigned tx_nfree;
};

static void *alloc_bufs(unsigned n)
{
    size_t bytes = (size_t)n * BUF_SIZE;
    int order = 0;
    while ((PAGE_SIZE << order) < bytes)
        order++;
    uint64_t pa = pmm_alloc(order);
    return pa ? phys_to_virt(pa) : NULL;
}

static int post_rx(struct vnet *v, char *buf)
{
    struct virtq_buf b = { buf, BUF_SIZE, true };
    return virtq_add(&v->rx, &b, 1, buf);
}

/* Finished transmissions give their slots back (tx_lock held). */
static void reclaim_tx(struct vnet *v)
{
    void *cookie;
    while ((cookie = virtq_get(&v->tx, NULL)) != NULL)
        v->tx_slots[v->tx_nfree++] = (uint16_t)((uintptr_t)cookie - 1);
}

static int vnet_xmit(struct netdev *nd, const struct kvec *vec, int n)
{
    struct vnet *v = nd->priv;
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += vec[i].len;
    if (total > ETH_FRAME_MAX)
        return -EMSGSIZE;
    uint64_t f = spin_lock_irqsave(&v->tx_lock);
    if (v->tx_nfree == 0)
        reclaim_tx(v);
    if (v->tx_nfree == 0) {
        spin_unlock_irqrestore(&v->tx_lock, f);
        return -EAGAIN;
    }
    unsigned slot = v->tx_slots[--v->tx_nfree];
    char *buf = v->tx_bufs + (size_t)slot * BUF_SIZE;
    memset(buf, 0, sizeof(struct virtio_net_hdr));
    size_t off = sizeof(struct virtio_net_hdr);
    for (int i = 0; i < n; i++) {
        memcpy(buf + off, vec[i].base, vec[i].len);
        off += vec[i].len;
    }
    struct virtq_buf b = { buf, (uint32_t)off, false };
    int r = virtq_add(&v->tx, &b, 1, (void *)(uintptr_t)(slot + 1));
    if (r == 0)
        virtq_kick(&v->tx);
    else
        v->tx_slots[v->tx_nfree++] = (uint16_t)slot;
    spin_unlock_irqrestore(&v->tx_lock, f);
    return r ? -EAGAIN : 0;
}

static int vnet_poll(struct netdev *nd, int budget)
{
    struct vnet *v = nd->priv;
    int done = 0;
    for (;;) {
        while (done < budget) {
            uint32_t len;
            char *buf = virtq_get(&v->rx, &len);
            if (!buf)
                break;
            if (len > sizeof(struct virtio_net_hdr) && len <= BUF_SIZE)
                netdev_receive(nd, buf + sizeof(struct virtio_net_hdr), len - sizeof(struct virtio_net_hdr));
            post_rx(v, buf);
            done++;
        }
        if (done)
            virtq_kick(&v->rx);
        if (done >= budget || nd->polled)
            return done;
        /* Empty: take interrupts again, then look once more, so that a
         * frame that arrived in between is not left waiting. */
        virtq_enable_intr(&v->rx);
        if (!virtq_pending(&v->rx))
            return done;
        virtq_disable_intr(&v->rx);
    }
}

static void vnet_rx_interrupt(void *arg)
{
    struct vnet *v = arg;
    virtq_disable_intr(&v->rx);
    netdev_rx_ready(&v->nd);
}

static const struct netdev_ops vnet_ops = { .xmit = vnet_xmit, .poll = vnet_poll };

static int vnet_probe(struct pci_dev *pci)
{
    struct vnet *v = kzalloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    int r = virtio_pci_init(&v->vd, pci);
    if (r == 0)
        r = virtio_negotiate(&v->vd, 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_MTU);
    if (r == 0)
        r = virtq_setup(&v->vd, &v->rx, RX_QUEUE, QUEUE_MAX, 0, vnet_rx_interrupt, v);
    if (r == 0)
        r = virtq_setup(&v->vd, &v->tx, TX_QUEUE, QUEUE_MAX, 1, NULL, NULL);
    if (r) {
        kfree(v);                     /* the device stays reset; its rings are not reused */
        return r;
    }
    v->rx_bufs = alloc_bufs(v->rx.size);
    v->tx_bufs = alloc_bufs(v->tx.size);
    v->tx_slots = kmalloc(v->tx.size * sizeof(uint16_t));
    if (!v->rx_bufs || !v->tx_bufs || !v->tx_slots)
        return -ENOMEM;
    for (unsigned i = 0; i < v->tx.size; i++)
        v->tx_slots[v->tx_nfree++] = (uint16_t)(v->tx.size - 1 - i);
    for (unsigned i = 0; i < v->rx.size; i++)
        post_rx(v, v->rx_bufs + (size_t)i * BUF_SIZE);
    virtq_disable_intr(&v->tx);

    v->nd.ops = &vnet_ops;
    v->nd.priv = v;
    v->nd.mtu = 1500;
    v->nd.polled = !v->vd.msix;
    if (virtio_has(&v->vd, VIRTIO_NET_F_MAC)) {
        virtio_read_config(&v->vd, 0, v->nd.mac, 6);
    } else {
        get_random_bytes(v->nd.mac, 6);
        v->nd.mac[0] = (v->nd.mac[0] & 0xFE) | 0x02;   /* unicast, locally administered */
    }
    if (virtio_has(&v->vd, VIRTIO_NET_F_MTU)) {
        uint16_t mtu;
        virtio_read_config(&v->vd, 10, &mtu, 2);
        if (mtu >= 576 && mtu < v->nd.mtu)
            v->nd.mtu = mtu;
    }
    virtio_driver_ok(&v->vd);
    virtq_kick(&v->rx);
    if (log_verbose)
        klog("virtio-net: %02x:%02x:%02x:%02x:%02x:%02x, %u/%u descriptors, %s", v->nd.mac[0],
             v->nd.mac[1], v->nd.mac[2], v->nd.mac[3], v->nd.mac[4], v->nd.mac[5], v->rx.size,
             v->tx.size, v->vd.msix ? "MSI-X" : "polled");
    pci->priv = v;
    netdev_register(&v->nd);
    return 0;
}

static const struct pci_id vnet_ids[] = {
    { VIRTIO_VENDOR, 0x1041 },        /* virtio 1.0 network device */
    { VIRTIO_VENDOR, 0x1000 },        /* transitional: modern registers as well */
    { 0, 0 },
};

static const struct pci_driver vnet_driver = { "virtio-net", vnet_ids, vnet_probe };
PCI_DRIVER(vnet_driver);
