/* lib/jitter.c's arithmetic: made-up timers that a real one could be (a
 * stuck one, one that ticks in a constant or a steadily growing step, one
 * that repeats a value too often) are credited nothing; one whose steps
 * vary is credited 1/JITTER_OSR bit per sample that passes the stuck
 * test, and the first three timestamps only start the differences. */
#include "check.h"
#include "lib/jitter.h"

/* Feeds n timestamps whose steps are steps[i % nsteps], from t0. */
static void feed(struct jitter_est *e, uint64_t t0, const uint64_t *steps, unsigned nsteps, unsigned n)
{
    uint64_t t = t0;
    jitter_init(e);
    for (unsigned i = 0; i < n; i++) {
        jitter_add(e, t);
        t += steps[i % nsteps];
    }
}

int main(void)
{
    struct jitter_est e;

    /* A timer that does not move, or moves by a constant: stuck, then the repetition count test fails. */
    uint64_t zero[] = { 0 }, constant[] = { 100 };
    feed(&e, 1000, zero, 1, 4096);
    CHECK(e.failed);
    CHECK_EQ(e.nonstuck, 0);
    CHECK_EQ(jitter_bits(&e), 0);
    feed(&e, 1000, constant, 1, 4096);
    CHECK(e.failed);
    CHECK_EQ(jitter_bits(&e), 0);

    /* Steps growing by a constant: delta3 is 0, stuck every time. */
    jitter_init(&e);
    uint64_t t = 0;
    for (unsigned i = 0; i < 200; i++) {
        jitter_add(&e, t);
        t += 10 + i;
    }
    CHECK(e.failed);
    CHECK_EQ(jitter_bits(&e), 0);

    /* Three distinct steps in turn: every delta, delta2 and delta3 is
     * non-zero and no value fills a window, so every sample but the first
     * three is credited. (A periodic timer passes these tests: hence the
     * oversampling, JITTER_OSR samples for a bit.) */
    uint64_t three[] = { 10, 13, 19 };
    feed(&e, 5, three, 3, 4 * 256 + 3);
    CHECK(!e.failed);
    CHECK_EQ(e.nonstuck, 4 * 256);
    CHECK_EQ(jitter_bits(&e), 256);
    CHECK_EQ(JITTER_OSR, 4);

    /* The same across the wrap of a 64-bit counter. */
    feed(&e, UINT64_MAX - 2000, three, 3, 4 * 256 + 3);
    CHECK(!e.failed);
    CHECK_EQ(jitter_bits(&e), 256);

    /* A, A, B: only one sample in three is stuck, never 30 in a row, but
     * A fills 2/3 of every window: the adaptive proportion test (whose
     * reference is a window's first delta, here A) fails. */
    uint64_t aab[] = { 40, 57, 40 };
    feed(&e, 0, aab, 3, JITTER_APT_WINDOW + 3);
    CHECK(e.failed);
    CHECK_EQ(e.stuck_run < JITTER_RCT_CUTOFF, 1);
    CHECK_EQ(jitter_bits(&e), 0);

    /* 29 stuck samples in a row do not fail the run; 30 do. */
    jitter_init(&e);
    t = 0;
    for (unsigned i = 0; i < 3 + 12; i++) {
        jitter_add(&e, t);
        t += three[i % 3];
    }
    jitter_add(&e, t);                            /* the last step, credited */
    unsigned credited = e.nonstuck;
    for (unsigned i = 0; i < JITTER_RCT_CUTOFF - 1; i++)
        jitter_add(&e, t);                        /* delta 0: stuck */
    CHECK(!e.failed);
    CHECK_EQ(e.nonstuck, credited);
    jitter_add(&e, t);
    CHECK(e.failed);

    /* The first three timestamps are never credited. */
    jitter_init(&e);
    CHECK(!jitter_add(&e, 100));
    CHECK(!jitter_add(&e, 117));
    CHECK(!jitter_add(&e, 150));
    CHECK(jitter_add(&e, 200));                  /* delta 50, delta2 17, delta3 1 */
    CHECK_EQ(e.nonstuck, 1);
    check_done("test_jitter");
}
