/* drivers/virtq.c with the test as the device: it posts chains, then
 * writes used elements, sound and unsound (an id past the ring, an id
 * returned twice or never posted, more bytes than the buffers hold). An
 * unsound one must be skipped without freeing anything, and after any
 * sequence the free list must hold exactly the descriptors not in flight,
 * each once. The device may also write the descriptor table itself
 * (scribbler): nothing the driver does may follow what it wrote there. */
#include <stdarg.h>
#include "check.h"
#include "drivers/virtio.h"

#define SIZE 8

static unsigned klog_calls;

void klog(const char *fmt, ...)
{
    (void)fmt;
    klog_calls++;
}

static struct virtq q;
static struct virtq_desc desc[SIZE];
static struct { uint16_t flags, idx, ring[SIZE]; } avail;
static struct { uint16_t flags, idx; struct virtq_used_elem ring[SIZE]; } used;
static struct virtq_chain chains[SIZE];
static uint16_t notify;
static char bufs[SIZE][128];

static void reset(void)
{
    memset(desc, 0, sizeof desc);
    memset(&avail, 0, sizeof avail);
    memset(&used, 0, sizeof used);
    memset(chains, 0, sizeof chains);
    virtq_init(&q, 0, SIZE, desc, (volatile struct virtq_avail *)&avail, (volatile struct virtq_used *)&used,
               chains);
    q.notify = &notify;
    klog_calls = 0;
}

/* The device finishes an element. */
static void device_used(uint32_t id, uint32_t len)
{
    used.ring[used.idx % SIZE] = (struct virtq_used_elem){ id, len };
    used.idx++;
}

/* The free list holds num_free distinct descriptors, none of them the
 * head of a chain in flight, and those in flight make up the rest. */
static void check_books(void)
{
    bool seen[SIZE] = { false };
    unsigned n = 0, inflight = 0;
    for (uint16_t i = q.free_head; n < q.num_free; i = chains[i].next, n++) {
        if (!CHECK(i < SIZE) || !CHECK(!seen[i]))
            return;
        seen[i] = true;
        CHECK(chains[i].cookie == NULL);
    }
    for (unsigned h = 0; h < SIZE; h++)
        inflight += chains[h].ndesc;
    CHECK_EQ(q.num_free + inflight, SIZE);
}

static int post(unsigned nread, unsigned nwrite, uint32_t len, void *cookie)
{
    struct virtq_buf b[4];
    unsigned n = 0;
    for (; n < nread + nwrite; n++)
        b[n] = (struct virtq_buf){ bufs[n], len, n >= nread };
    return virtq_add(&q, b, n, cookie);
}

static void sound_and_unsound(void)
{
    int a, b, c;
    uint32_t len = 0;
    reset();
    CHECK_EQ(post(0, 1, 100, &a), 0);                /* head 0 */
    CHECK_EQ(post(1, 1, 50, &b), 0);                 /* heads 1, 2: 50 bytes writable */
    CHECK_EQ(post(0, 1, 20, &c), 0);                 /* head 3 */
    CHECK_EQ(q.num_free, SIZE - 4);

    device_used(1, 50);
    CHECK(virtq_get(&q, &len) == &b);
    CHECK_EQ(len, 50);
    CHECK_EQ(q.num_free, SIZE - 2);
    check_books();

    /* b again, an id past the ring, a descriptor inside a chain, too long
     * an answer for a: all skipped, nothing freed, said once. */
    device_used(1, 50);
    device_used(SIZE, 1);
    device_used(0xFFFFFFFFu, 0);
    device_used(2, 0);
    device_used(0, 101);
    CHECK(virtq_get(&q, &len) == NULL);
    CHECK_EQ(q.num_free, SIZE - 2);
    CHECK_EQ(klog_calls, 1);
    CHECK(q.warned);
    CHECK(!virtq_pending(&q));
    check_books();
    CHECK(virtq_used_invalid(&q, 1, 0) != NULL);
    CHECK(virtq_used_invalid(&q, SIZE, 0) != NULL);
    CHECK(virtq_used_invalid(&q, 0, 101) != NULL);
    CHECK(virtq_used_invalid(&q, 0, 100) == NULL);

    /* The sound answers still arrive, after unsound ones in the same batch. */
    device_used(7, 0);
    device_used(3, 20);
    device_used(0, 100);
    CHECK(virtq_get(&q, &len) == &c);
    CHECK_EQ(len, 20);
    CHECK(virtq_get(&q, &len) == &a);
    CHECK_EQ(len, 100);
    CHECK_EQ(q.num_free, SIZE);
    check_books();

    /* Every descriptor can be posted again, each once. */
    int cookies[SIZE];
    for (unsigned i = 0; i < SIZE; i++)
        CHECK_EQ(post(0, 1, 8, &cookies[i]), 0);
    CHECK(post(0, 1, 8, &a) < 0);                   /* -ENOSPC */
    bool head_seen[SIZE] = { false };
    for (unsigned i = 0; i < SIZE; i++) {
        uint16_t h = avail.ring[(avail.idx - SIZE + i) % SIZE];
        CHECK(h < SIZE && !head_seen[h]);
        head_seen[h % SIZE] = true;
    }
    check_books();
}

/* A device that rewrites the descriptor table (next, len, flags, addr) of
 * every descriptor, in flight or free, between the driver's calls: posts
 * and answers still use only our own links (ASan sees a write past desc[]
 * otherwise), and the books stay right. */
static void scribble(uint32_t x)
{
    for (unsigned i = 0; i < SIZE; i++, x = x * 1103515245u + 12345u)
        desc[i] = (struct virtq_desc){ .addr = (uint64_t)x << 32 | x, .len = x, .flags = (uint16_t)x,
                                       .next = (uint16_t)(x >> 16 | 0x8000) };
}

static void scribbling_device(void)
{
    static int cookies[SIZE];
    uint32_t x = 777;
    reset();
    for (unsigned round = 0; round < 5000; round++) {
        x = x * 1103515245u + 12345u;
        unsigned r = x >> 16;
        scribble(x);
        if (r % 2 == 0) {
            post(r % 2, 1 + (r >> 4) % 3, 64, &cookies[r % SIZE]);
        } else {
            uint16_t h = avail.ring[(avail.idx - 1 - (r >> 5) % 4) % SIZE];
            device_used(h, 0);
            virtq_get(&q, NULL);
        }
        check_books();
        CHECK_BAIL();
    }
    /* Drained, every descriptor comes back. */
    for (unsigned h = 0; h < SIZE; h++) {
        void *ck = chains[h].cookie;
        if (ck) {
            device_used(h, 0);
            CHECK(virtq_get(&q, NULL) == ck);
        }
    }
    CHECK_EQ(q.num_free, SIZE);
    check_books();
}

/* A device that answers at random, half the time unsoundly, for many
 * rounds: the books stay right throughout. */
static void random_device(void)
{
    static int cookies[SIZE];
    uint32_t x = 12345;
    reset();
    for (unsigned round = 0; round < 20000; round++) {
        x = x * 1103515245u + 12345u;
        unsigned r = x >> 16;
        if (r % 3 == 0) {
            post(r % 2, 1 + (r >> 4) % 2, 64, &cookies[r % SIZE]);
        } else {
            uint32_t id = (r >> 3) % (SIZE + 2), len = (r >> 7) % 160;
            device_used(id, len);
            uint32_t got;
            void *ck = virtq_get(&q, &got);
            if (ck)
                CHECK(got <= 128);
        }
        check_books();
        CHECK_BAIL();
    }
}

int main(void)
{
    sound_and_unsound();
    random_device();
    scribbling_device();
    check_done("test_virtq");
}
