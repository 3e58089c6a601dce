/* Split virtqueues (virtio spec 1.1, section 2.6): the descriptor table,
 * the available ring we fill and the used ring the device fills. x86 is
 * TSO: ring updates only need compiler barriers for ordering between our
 * stores, and a full fence where a store (avail->idx) must be visible
 * before a load (used->flags) decides whether to notify.
 *
 * The used ring is the device's word, and a device can be buggy or
 * hostile (a confidential guest's host): each element is checked against
 * what we posted at that head before it frees anything, so a duplicate id
 * cannot put a chain on the free list twice and an id past the ring
 * cannot index out of it. The device can also write the descriptor
 * table: the links of chains and of the free list live in q->chains,
 * which it cannot reach, and desc[] is only ever written. */
#include "drivers/virtio.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/paging.h"

#define barrier() __asm__ volatile("" ::: "memory")
#define mb() __asm__ volatile("mfence" ::: "memory")

void virtq_init(struct virtq *q, uint16_t index, uint16_t size, struct virtq_desc *desc,
                volatile struct virtq_avail *avail, volatile struct virtq_used *used,
                struct virtq_chain *chains)
{
    *q = (struct virtq){ .index = index, .size = size, .desc = desc, .avail = avail, .used = used,
                         .num_free = size, .chains = chains };
    for (unsigned i = 0; i < size; i++)
        chains[i].next = (uint16_t)(i + 1);
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie)
{
    if (n == 0 || n > q->num_free)
        return -ENOSPC;
    uint16_t head = q->free_head, i = head, last = head;
    uint32_t writable = 0;
    for (unsigned k = 0; k < n; k++) {
        uint16_t next = q->chains[i].next;
        q->desc[i] = (struct virtq_desc){
            .addr = virt_to_phys(bufs[k].addr),
            .len = bufs[k].len,
            .flags = (bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) | (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0),
            .next = next,
        };
        if (bufs[k].device_writes)
            writable += bufs[k].len;
        last = i;
        i = next;
    }
    q->free_head = q->chains[last].next;
    q->num_free -= (uint16_t)n;
    q->chains[head] = (struct virtq_chain){ cookie, writable, (uint16_t)n, q->chains[head].next };
    uint16_t idx = q->avail->idx;
    q->avail->ring[idx & (q->size - 1)] = head;
    barrier();                            /* the entry before the index that publishes it */
    q->avail->idx = (uint16_t)(idx + 1);
    return 0;
}

void virtq_kick(struct virtq *q)
{
    mb();                                 /* avail->idx visible before we read used->flags */
    if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
        *q->notify = q->index;
}

bool virtq_pending(struct virtq *q)
{
    return q->used->idx != q->last_used;
}

const char *virtq_used_invalid(const struct virtq *q, uint32_t id, uint32_t len)
{
    if (id >= q->size)
        return "a descriptor past the ring";
    if (!q->chains[id].cookie)
        return "a descriptor not in flight";
    if (len > q->chains[id].writable)
        return "more bytes than the buffers hold";
    return NULL;
}

/* Gives the chain at head back to the free list: the descriptors we
 * chained, counted from our books, not from the flags in the table. */
static void free_chain(struct virtq *q, uint16_t head)
{
    uint16_t i = head;
    for (unsigned k = 1; k < q->chains[head].ndesc; k++)
        i = q->chains[i].next;
    q->chains[i].next = q->free_head;
    q->free_head = head;
    q->num_free += q->chains[head].ndesc;
    q->chains[head] = (struct virtq_chain){ .next = q->chains[head].next };
}

void *virtq_get(struct virtq *q, uint32_t *len)
{
    while (q->used->idx != q->last_used) {
        barrier();                        /* the index before the entry it publishes */
        volatile struct virtq_used_elem *e = &q->used->ring[q->last_used & (q->size - 1)];
        uint32_t id = e->id, n = e->len;
        q->last_used++;
        const char *why = virtq_used_invalid(q, id, n);
        if (why) {
            if (!q->warned)
                klog("virtio: queue %u: the device returned %s (id %u, %u bytes): ignored", q->index, why, id, n);
            q->warned = true;
            continue;
        }
        void *cookie = q->chains[id].cookie;
        free_chain(q, (uint16_t)id);
        if (len)
            *len = n;
        return cookie;
    }
    return NULL;
}

void virtq_disable_intr(struct virtq *q)
{
    q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

void virtq_enable_intr(struct virtq *q)
{
    q->avail->flags = 0;
    mb();                                 /* then the caller rechecks virtq_pending */
}
