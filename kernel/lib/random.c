/* Random bytes: a ChaCha20 generator with fast key erasure (its key is
 * replaced after every request, so earlier output cannot be recomputed
 * from the state, as Linux's crng since 4.8).
 *
 * The key is also the entropy pool: input is absorbed by chaining the
 * block function, key' = ChaCha20(key, input), so each input adds to what
 * the key already holds and no input can cancel an earlier one (a XOR
 * could). Sources, at boot (random_init):
 *  - RDSEED, then RDRAND, when CPUID says the CPU has them, with the
 *    retries Intel's DRNG guide asks for (10 for RDRAND);
 *  - timing jitter, always: timestamps around memory accesses, credited
 *    by lib/jitter.c, so that a CPU without RDRAND (QEMU's qemu64, old
 *    PCs) and without a random device still gets an unpredictable seed;
 *  - a random-number device (virtio-rng) when its driver finds one.
 * Every request also absorbs the TSC and, when there is one, an RDRAND
 * value. */
#include "lib/random.h"
#include "arch/x86_64/x86.h"
#include "lib/chacha20.h"
#include "lib/jitter.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include <stdbool.h>
#include <stdint.h>

/* The nonce's last word tells the block function's two uses apart. */
#define DOMAIN_OUTPUT 0
#define DOMAIN_ABSORB 0x61627362u

#define RDRAND_RETRIES 10
#define RDSEED_RETRIES 100        /* RDSEED may fail often under load: pause and retry */
#define HW_SEED_WORDS 4           /* 256 bits from each CPU source */
#define JITTER_WANT_BITS 256
#define JITTER_MAX_SAMPLES 65536
#define JITTER_MEM 16384

static spinlock_t lock = SPINLOCK_INIT;   /* guards key, counter, absorbed */
static uint32_t key[CHACHA20_KEY_WORDS];
static uint64_t counter;
static uint32_t absorbed;                 /* absorb calls: each one's input differs */

/* What seeded the key, for random_log_sources. Written at boot only. */
static struct {
    bool rdseed, rdrand;
    unsigned jitter_bits, jitter_samples;
    bool jitter_failed;
    const char *device;
    unsigned device_bits;
} seeded;

static int has_rdrand = -1, has_rdseed = -1;

static void cpu_sources(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    has_rdrand = (r[2] >> 30) & 1;
    cpuid(0, 0, r);
    has_rdseed = 0;
    if (r[0] >= 7) {
        cpuid(7, 0, r);
        has_rdseed = (r[1] >> 18) & 1;
    }
}

static bool rdrand64(uint64_t *v)
{
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

static bool rdseed64(uint64_t *v)
{
    for (int i = 0; i < RDSEED_RETRIES; i++) {
        unsigned char ok;
        __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
        cpu_relax();
    }
    return false;
}

/* key = ChaCha20(key, 8 bytes of input). lock held, or boot. */
static void absorb64(uint64_t v)
{
    uint32_t nonce[3] = { (uint32_t)(v >> 32), absorbed++, DOMAIN_ABSORB };
    uint32_t block[CHACHA20_BLOCK_WORDS];
    chacha20_block(key, (uint32_t)v, nonce, block);
    memcpy(key, block, sizeof(key));
    memset(block, 0, sizeof(block));
}

static void absorb_bytes(const void *buf, size_t n)
{
    const uint8_t *p = buf;
    for (size_t off = 0; off < n; off += 8) {
        uint64_t v = 0;
        memcpy(&v, p + off, n - off < 8 ? n - off : 8);
        absorb64(v);
    }
}

/* 256 bits from a CPU instruction, all or nothing: a source that fails
 * or repeats itself (AMD's RDRAND that returned ~0 after resume) is not
 * counted, though what it gave is absorbed anyway (it cannot hurt). */
static bool absorb_cpu(bool (*insn)(uint64_t *))
{
    uint64_t prev = 0;
    bool ok = true;
    for (int i = 0; i < HW_SEED_WORDS; i++) {
        uint64_t v;
        if (!insn(&v))
            return false;
        ok &= v != prev && v != ~0ull;
        prev = v;
        absorb64(v);
    }
    return ok;
}

/* One timestamp after a walk through memory whose length and path depend
 * on the previous timing, so cache and TLB state carry the jitter on. */
static uint64_t jitter_sample(uint64_t prev)
{
    static volatile uint8_t mem[JITTER_MEM];
    unsigned idx = (unsigned)prev, n = 64 + (unsigned)(prev & 63);
    for (unsigned i = 0; i < n; i++) {
        idx = (idx + 4099u) % JITTER_MEM;     /* a prime stride: a new cache line each step */
        mem[idx] = (uint8_t)(mem[idx] + 1);
    }
    return rdtsc();
}

/* Takes timestamps until they are credited JITTER_WANT_BITS, absorbing
 * every one. */
static void absorb_jitter(void)
{
    struct jitter_est e;
    jitter_init(&e);
    uint64_t t = rdtsc();
    unsigned n = 0;
    while (n < JITTER_MAX_SAMPLES && jitter_bits(&e) < JITTER_WANT_BITS && !e.failed) {
        t = jitter_sample(t);
        jitter_add(&e, t);
        absorb64(t);
        n++;
    }
    seeded.jitter_bits = jitter_bits(&e);
    seeded.jitter_samples = n;
    seeded.jitter_failed = e.failed;
}

void random_init(void)
{
    cpu_sources();
    absorb64(rdtsc());
    if (has_rdseed)
        seeded.rdseed = absorb_cpu(rdseed64);
    if (has_rdrand)
        seeded.rdrand = absorb_cpu(rdrand64);
    absorb_jitter();
}

void random_add_device_bytes(const void *buf, size_t n, const char *name)
{
    uint64_t f = spin_lock_irqsave(&lock);
    absorb_bytes(buf, n);
    absorb64(rdtsc());
    spin_unlock_irqrestore(&lock, f);
    seeded.device = name;
    seeded.device_bits += (unsigned)n * 8;
}

void random_log_sources(void)
{
    char list[192] = "";
    size_t len = 0;
    if (seeded.rdseed)
        len += ksnprintf(list + len, sizeof(list) - len, "rdseed, ");
    if (seeded.rdrand)
        len += ksnprintf(list + len, sizeof(list) - len, "rdrand, ");
    if (seeded.device)
        len += ksnprintf(list + len, sizeof(list) - len, "%s (%u bits), ", seeded.device, seeded.device_bits);
    ksnprintf(list + len, sizeof(list) - len, "jitter (%u bits from %u samples%s)", seeded.jitter_bits,
              seeded.jitter_samples, seeded.jitter_failed ? ", timer failed its health test" : "");
    bool weak = !seeded.rdseed && !seeded.rdrand && seeded.device_bits < 256 &&
                seeded.jitter_bits < JITTER_WANT_BITS;
    if (log_verbose || weak)
        klog("random: seeded from %s%s", list, weak ? ": fewer than 256 bits, output may be predictable" : "");
}

void get_random_bytes(void *buf, size_t n)
{
    uint64_t f = spin_lock_irqsave(&lock);
    absorb64(rdtsc());
    uint64_t v;
    if (has_rdrand > 0 && rdrand64(&v))
        absorb64(v);
    uint8_t *p = buf;
    uint32_t block[CHACHA20_BLOCK_WORDS];
    for (;;) {
        uint32_t nonce[3] = { (uint32_t)(counter >> 32), 0, DOMAIN_OUTPUT };
        chacha20_block(key, (uint32_t)counter, nonce, block);
        counter++;
        if (n == 0)
            break;
        size_t c = n < sizeof(block) ? n : sizeof(block);
        memcpy(p, block, c);
        p += c;
        n -= c;
    }
    /* The block after the output is the next key: this one is gone. */
    memcpy(key, block, sizeof(key));
    memset(block, 0, sizeof(block));
    spin_unlock_irqrestore(&lock, f);
}
