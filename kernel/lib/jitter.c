/* The arithmetic of jitter.h: the stuck test on a delta and its first two
 * differences, and the repetition count and adaptive proportion tests. */
#include "lib/jitter.h"

void jitter_init(struct jitter_est *e)
{
    *e = (struct jitter_est){ 0 };
}

/* The adaptive proportion test: one value must not fill a window. */
static void apt_insert(struct jitter_est *e, uint64_t delta)
{
    if (e->apt_n == 0) {
        e->apt_base = delta;
        e->apt_count = 0;
    }
    if (delta == e->apt_base && ++e->apt_count >= JITTER_APT_CUTOFF)
        e->failed = true;
    if (++e->apt_n == JITTER_APT_WINDOW)
        e->apt_n = 0;
}

bool jitter_add(struct jitter_est *e, uint64_t t)
{
    uint64_t delta = t - e->last_t;
    uint64_t delta2 = delta - e->last_delta;
    uint64_t delta3 = delta2 - e->last_delta2;
    unsigned seen = e->seen++;
    e->last_t = t;
    e->last_delta = delta;
    e->last_delta2 = delta2;
    /* The first timestamps only give the differences a start. */
    if (seen < 3)
        return false;
    apt_insert(e, delta);
    if (delta == 0 || delta2 == 0 || delta3 == 0) {
        if (++e->stuck_run >= JITTER_RCT_CUTOFF)
            e->failed = true;
        return false;
    }
    e->stuck_run = 0;
    e->nonstuck++;
    return true;
}

unsigned jitter_bits(const struct jitter_est *e)
{
    return e->failed ? 0 : e->nonstuck / JITTER_OSR;
}
