/* The page radix tree of tmpfs: fixed cases at the edges of each level,
 * then random sets, punched holes and truncations compared with a plain array model,
 * allocation failures in the middle, and no leaks. */
#include <stdbool.h>
#include "check.h"
#include "fs/pagetree.h"
#include "host_alloc.h"

static unsigned long puts_seen;
static uint64_t put_sum;

static void put(uint64_t v)
{
    puts_seen++;
    put_sum += v;
}

/* Fixed indices: first and last of every level and the largest allowed. */
static void test_edges(void)
{
    unsigned long live = host_alloc_live;
    struct pagetree t = { 0 };
    CHECK_EQ(pagetree_get(&t, 0), 0);
    CHECK_EQ(pagetree_get(&t, 12345), 0);
    uint64_t idx[] = { 0, 1, 511, 512, 513, 262143, 262144, (1ull << 27) - 1, 1ull << 27,
                       1ull << 36, 1ull << 45, (1ull << 51) - 1, (1ull << 54) - 1 };
    size_t n = sizeof idx / sizeof idx[0];
    for (size_t i = 0; i < n; i++) {
        uint64_t *s = pagetree_slot(&t, idx[i]);
        if (!CHECK(s != NULL))
            continue;
        CHECK_EQ(*s, 0);
        *s = 0x1000 * (i + 1);
    }
    CHECK_EQ(t.height, PAGETREE_MAX_HEIGHT);
    CHECK(pagetree_slot(&t, 1ull << 54) == NULL);
    for (size_t i = 0; i < n; i++)
        CHECK_EQ(pagetree_get(&t, idx[i]), 0x1000 * (i + 1));
    CHECK_EQ(pagetree_get(&t, 2), 0);
    CHECK_EQ(pagetree_get(&t, (1ull << 54) + 5), 0);

    /* Truncating at 512 keeps 0, 1, 511 only. */
    puts_seen = 0;
    pagetree_truncate(&t, 512, put);
    CHECK_EQ(puts_seen, n - 3);
    CHECK_EQ(pagetree_get(&t, 511), 0x3000);
    CHECK_EQ(pagetree_get(&t, 512), 0);
    CHECK_EQ(pagetree_get(&t, 1ull << 45), 0);
    pagetree_truncate(&t, 0, put);
    CHECK(t.root == NULL);
    CHECK_EQ(t.height, 0);
    CHECK_EQ(puts_seen, n);
    CHECK_EQ(host_alloc_live, live);
}

#define MODEL_N 4096

/* Random sets within a window at a random height, against an array. */
static void test_random(unsigned seed)
{
    srand(seed);
    unsigned long live = host_alloc_live;
    static uint64_t model[MODEL_N];
    memset(model, 0, sizeof model);
    struct pagetree t = { 0 };
    uint64_t base = (uint64_t)(rand() % 4) << (9 * (rand() % 5));
    uint64_t stride = 1 + (uint64_t)(rand() % 700);
    for (int step = 0; step < 3000; step++) {
        int op = rand() % 10;
        size_t i = (size_t)rand() % MODEL_N;
        uint64_t index = base + i * stride;
        if (op < 6) {
            if (rand() % 8 == 0)
                host_alloc_fail_in = 1 + rand() % 3;
            uint64_t *s = pagetree_slot(&t, index);
            host_alloc_fail_in = 0;
            if (s) {
                CHECK_EQ(*s, model[i]);
                if (!*s)
                    *s = model[i] = (uint64_t)(step + 1) << 12;
            }
        } else if (op < 9) {
            CHECK_EQ(pagetree_get(&t, index), model[i]);
        } else if (rand() % 2 == 0) {
            /* a hole punched over [i, j) of the model */
            size_t j = i + (size_t)rand() % (MODEL_N - i + 1);
            uint64_t sum = 0;
            for (size_t k = i; k < j; k++) {
                sum += model[k];
                model[k] = 0;
            }
            put_sum = 0;
            pagetree_remove(&t, index, base + j * stride - (j > i ? stride - 1 : 0), put);
            CHECK_EQ(put_sum, sum);
        } else if (rand() % 20 == 0) {
            uint64_t sum = 0;
            for (size_t k = i; k < MODEL_N; k++) {
                sum += model[k];
                model[k] = 0;
            }
            put_sum = 0;
            pagetree_truncate(&t, index, put);
            CHECK_EQ(put_sum, sum);
        }
        CHECK_BAIL();
    }
    for (size_t i = 0; i < MODEL_N; i++)
        CHECK_EQ(pagetree_get(&t, base + i * stride), model[i]);
    pagetree_truncate(&t, 0, put);
    CHECK_EQ(host_alloc_live, live);
}

int main(void)
{
    test_edges();
    for (unsigned seed = 1; seed <= 40; seed++)
        test_random(seed);
    check_done("test_pagetree");
}
