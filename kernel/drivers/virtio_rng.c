/* virtio-rng, the entropy device (virtio spec 1.1, section 5.4): one
 * queue of buffers the device fills with random bytes. QEMU's backend is
 * the host's /dev/urandom, and clouds offer the device too. The driver
 * asks once, at probe, for SEED_BYTES and hands them to lib/random.c; it
 * polls for the answer (a few milliseconds), so it needs no interrupt. */
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/string.h"
#include "sched/clock.h"

#define REQUEST_QUEUE 0
#define SEED_BYTES 64
#define WAIT_NS 1000000000ull         /* the device answers in microseconds; give up after 1 s */

struct vrng {
    struct virtio_dev vd;
    struct virtq q;
};

/* What the device writes to: in the kernel image, so physically
 * contiguous, and in one cache line, so in one page. Devices are probed
 * one after the other at boot. */
static uint8_t seed_buf[SEED_BYTES] __attribute__((aligned(SEED_BYTES)));

/* Posts buf and waits for the device: the bytes it wrote, or -errno. */
static int vrng_read(struct vrng *v)
{
    struct virtq_buf b = { seed_buf, sizeof seed_buf, true };
    int r = virtq_add(&v->q, &b, 1, seed_buf);
    if (r)
        return r;
    virtq_kick(&v->q);
    uint64_t deadline = clock_monotonic_ns() + WAIT_NS;
    uint32_t len;
    while (!virtq_get(&v->q, &len)) {
        if (clock_monotonic_ns() > deadline)
            return -ETIMEDOUT;
        cpu_relax();
    }
    return (int)len;
}

static int vrng_probe(struct pci_dev *pci)
{
    struct vrng *v = kzalloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    int r = virtio_pci_init(&v->vd, pci);
    if (r == 0)
        r = virtio_negotiate(&v->vd, 0);
    if (r == 0)
        r = virtq_setup(&v->vd, &v->q, REQUEST_QUEUE, 1, 0, NULL, NULL);
    if (r) {
        kfree(v);                     /* the device stays reset; its ring is not reused */
        return r;
    }
    virtq_disable_intr(&v->q);
    virtio_driver_ok(&v->vd);
    r = vrng_read(v);
    if (r < 0)
        return r;                     /* v stays: the device may still use its ring */
    random_add_device_bytes(seed_buf, (size_t)r, "virtio-rng");
    memset(seed_buf, 0, sizeof seed_buf);
    pci->priv = v;
    return 0;
}

static const struct pci_id vrng_ids[] = {
    { VIRTIO_VENDOR, 0x1044 },        /* virtio 1.0 entropy device */
    { VIRTIO_VENDOR, 0x1005 },        /* transitional: modern registers as well */
    { 0, 0 },
};

static const struct pci_driver vrng_driver = { "virtio-rng", vrng_ids, vrng_probe };
PCI_DRIVER(vrng_driver);
