/* The jitter entropy estimator: how much a run of timestamps taken around
 * memory accesses can be trusted, after Stephan Mueller's jitterentropy
 * (Linux crypto/jitterentropy.c). Pure arithmetic on timestamps, so the
 * host unit tests feed it made-up timers; lib/random.c takes the samples.
 *
 * A sample is the time between two timestamps (delta). It is "stuck", and
 * credited nothing, when delta or its first or second difference is 0: a
 * timer that does not advance, advances by a constant, or by a constant
 * change. Each sample that is not stuck is credited 1/JITTER_OSR bit.
 * Two health tests (NIST SP 800-90B 4.4) fail the whole run, which is then
 * credited nothing: JITTER_RCT_CUTOFF stuck samples in a row (repetition
 * count), or one delta filling JITTER_APT_CUTOFF of a window of
 * JITTER_APT_WINDOW samples (adaptive proportion). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define JITTER_OSR 4
#define JITTER_RCT_CUTOFF 30
#define JITTER_APT_WINDOW 512
#define JITTER_APT_CUTOFF 325

struct jitter_est {
    unsigned seen;               /* timestamps fed */
    uint64_t last_t;
    uint64_t last_delta, last_delta2;
    unsigned nonstuck;           /* samples credited */
    unsigned stuck_run;          /* stuck samples in a row */
    uint64_t apt_base;           /* the window's first delta */
    unsigned apt_n, apt_count;   /* samples in the window, how many equal apt_base */
    bool failed;                 /* a health test failed */
};

void jitter_init(struct jitter_est *e);
/* Feeds the next timestamp. Whether the sample it ends was credited. */
bool jitter_add(struct jitter_est *e, uint64_t t);
/* The entropy credited so far, in bits: 0 once a health test failed. */
unsigned jitter_bits(const struct jitter_est *e);
