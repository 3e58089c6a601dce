/* Random bytes: a ChaCha20 keystream whose key is re-seeded from RDRAND
 * (when the CPU has it) and the TSC, and replaced after every request
 * (fast key erasure), so earlier output cannot be recomputed. */
#include "lib/random.h"
#include "arch/x86_64/x86.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include <stdbool.h>
#include <stdint.h>

static spinlock_t lock = SPINLOCK_INIT;   /* guards key, counter */
static uint32_t key[8];
static uint64_t counter;

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d) (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, b = ROTL(b, 12), \
                        a += b, d ^= a, d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7))

static void chacha_block(uint32_t out[16])
{
    uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    memcpy(&in[4], key, sizeof(key));
    in[12] = (uint32_t)counter;
    in[13] = (uint32_t)(counter >> 32);
    counter++;
    memcpy(out, in, sizeof(in));
    for (int i = 0; i < 10; i++) {
        QR(out[0], out[4], out[8], out[12]); QR(out[1], out[5], out[9], out[13]);
        QR(out[2], out[6], out[10], out[14]); QR(out[3], out[7], out[11], out[15]);
        QR(out[0], out[5], out[10], out[15]); QR(out[1], out[6], out[11], out[12]);
        QR(out[2], out[7], out[8], out[13]); QR(out[3], out[4], out[9], out[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] += in[i];
}

static bool rdrand(uint64_t *v)
{
    static int has = -1;
    if (has < 0) {
        uint32_t r[4];
        cpuid(1, 0, r);
        has = (r[2] >> 30) & 1;
    }
    if (!has)
        return false;
    unsigned char ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
    return ok;
}

/* Stirs fresh entropy into the key. lock held. */
static void reseed(void)
{
    for (int i = 0; i < 8; i += 2) {
        uint64_t v = 0;
        rdrand(&v);
        v ^= rdtsc() * 0x9E3779B97F4A7C15ull;
        key[i] ^= (uint32_t)v;
        key[i + 1] ^= (uint32_t)(v >> 32);
    }
}

void get_random_bytes(void *buf, size_t n)
{
    uint64_t f = spin_lock_irqsave(&lock);
    reseed();
    uint8_t *p = buf;
    uint32_t block[16];
    while (n > 0) {
        chacha_block(block);
        size_t c = n < sizeof(block) ? n : sizeof(block);
        memcpy(p, block, c);
        p += c;
        n -= c;
    }
    chacha_block(block);
    memcpy(key, block, sizeof(key));
    memset(block, 0, sizeof(block));
    spin_unlock_irqrestore(&lock, f);
}
