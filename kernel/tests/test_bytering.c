/* The lazily allocated byte ring of pipes and AF_UNIX streams: random puts,
 * peeks and drops compared with a plain FIFO, around the wrap of a full
 * ring; blocks exist only while they hold bytes, a failed allocation puts
 * nothing, and nothing leaks. */
#include <stdbool.h>
#include "check.h"
#include "host_alloc.h"
#include "lib/bytering.h"

static unsigned blocks(const struct bytering *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->nblocks; i++)
        n += r->block[i] != NULL;
    return n;
}

/* The blocks the bytes [tail, head) touch. */
static unsigned blocks_needed(const struct bytering *r)
{
    if (r->head == r->tail)
        return 0;
    uint64_t first = r->tail / BYTERING_BLOCK, last = (r->head - 1) / BYTERING_BLOCK;
    uint64_t n = last - first + 1;
    return n > r->nblocks ? r->nblocks : (unsigned)n;
}

static void test_random(size_t cap, unsigned seed)
{
    unsigned long live = host_alloc_live;
    static char model[1 << 20], buf[1 << 18], out[1 << 18];
    uint64_t mhead = 0, mtail = 0;       /* model[x % sizeof model] */
    struct bytering r;
    bytering_init(&r, cap);
    CHECK_EQ(bytering_cap(&r), cap);
    srand(seed);
    for (int step = 0; step < 20000; step++) {
        int op = rand() % 3;
        size_t n = rand() % 3 == 0 ? (size_t)rand() % (cap + 100) : (size_t)rand() % 5000;
        if (op == 0) {
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)rand();
            bool fail = rand() % 10 == 0;
            host_alloc_fail_in = fail ? 1 : 0;
            size_t put = bytering_put(&r, buf, n);
            host_alloc_fail_in = 0;
            size_t want = n < cap - (mhead - mtail) ? n : cap - (mhead - mtail);
            if (fail && put == 0)
                continue;                /* all or none: none */
            CHECK_EQ(put, want);
            for (size_t i = 0; i < put; i++)
                model[(mhead + i) % sizeof model] = buf[i];
            mhead += put;
        } else if (op == 1) {
            size_t used = mhead - mtail, skip = used ? (size_t)rand() % (used + 1) : 0;
            size_t got = bytering_peek(&r, skip, out, n);
            CHECK_EQ(got, n < used - skip ? n : used - skip);
            for (size_t i = 0; i < got; i++)
                if (!CHECK(out[i] == model[(mtail + skip + i) % sizeof model]))
                    break;
        } else {
            size_t used = mhead - mtail;
            n = n < used ? n : used;
            bytering_drop(&r, n);
            mtail += n;
        }
        CHECK_EQ(bytering_used(&r), mhead - mtail);
        /* no block beyond those that hold bytes, but the one a failed or
         * partial put may have left past the back */
        CHECK(blocks(&r) <= blocks_needed(&r) + 1);
        if (mhead == mtail)
            CHECK_EQ(blocks(&r), 0);
    }
    bytering_free(&r);
    CHECK_EQ(host_alloc_live, live);
}

/* A full ring whose back shares the front's slot: taking the front's
 * bytes must not free the back's. */
static void test_full_wrap(void)
{
    unsigned long live = host_alloc_live;
    struct bytering r;
    bytering_init(&r, 2 * BYTERING_BLOCK);
    static char a[2 * BYTERING_BLOCK], out[2 * BYTERING_BLOCK];
    memset(a, 'a', sizeof a);
    CHECK_EQ(bytering_put(&r, a, 100), 100);
    bytering_drop(&r, 100);
    CHECK_EQ(bytering_put(&r, a, 2 * BYTERING_BLOCK), 2 * BYTERING_BLOCK);
    bytering_drop(&r, BYTERING_BLOCK - 100);     /* the first block, wholly */
    CHECK_EQ(blocks(&r), 2);
    CHECK_EQ(bytering_peek(&r, 0, out, sizeof out), BYTERING_BLOCK + 100);
    CHECK(out[BYTERING_BLOCK + 99] == 'a');
    bytering_drop(&r, BYTERING_BLOCK + 100);
    CHECK_EQ(blocks(&r), 0);
    CHECK_EQ(host_alloc_live, live);
}

int main(void)
{
    test_full_wrap();
    test_random(16 * BYTERING_BLOCK, 1);
    test_random(32 * BYTERING_BLOCK, 2);
    test_random(BYTERING_BLOCK, 3);
    check_done("test_bytering");
}
