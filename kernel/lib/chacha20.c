/* ChaCha20's block function, as RFC 7539 section 2.3 lays it out: four
 * constant words, eight key words, a 32-bit block counter and a 96-bit
 * nonce; 20 rounds (ten column-and-diagonal pairs); the input added back. */
#include "lib/chacha20.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d) (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, b = ROTL(b, 12), \
                        a += b, d ^= a, d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7))

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter, const uint32_t nonce[3],
                    uint32_t out[CHACHA20_BLOCK_WORDS])
{
    uint32_t in[CHACHA20_BLOCK_WORDS] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
        in[4 + i] = key[i];
    in[12] = counter;
    in[13] = nonce[0];
    in[14] = nonce[1];
    in[15] = nonce[2];
    for (int i = 0; i < CHACHA20_BLOCK_WORDS; i++)
        out[i] = in[i];
    for (int i = 0; i < 10; i++) {
        QR(out[0], out[4], out[8], out[12]); QR(out[1], out[5], out[9], out[13]);
        QR(out[2], out[6], out[10], out[14]); QR(out[3], out[7], out[11], out[15]);
        QR(out[0], out[5], out[10], out[15]); QR(out[1], out[6], out[11], out[12]);
        QR(out[2], out[7], out[8], out[13]); QR(out[3], out[4], out[9], out[14]);
    }
    for (int i = 0; i < CHACHA20_BLOCK_WORDS; i++)
        out[i] += in[i];
}
