/* lib/chacha20.c against RFC 7539's test vectors: the block function of
 * section 2.3.2 and appendix A.1's keystream blocks. */
#include "check.h"
#include "lib/chacha20.h"

/* The block as RFC 7539 serializes it: each word little-endian. */
static void serialize(const uint32_t w[16], uint8_t out[64])
{
    for (int i = 0; i < 16; i++)
        for (int b = 0; b < 4; b++)
            out[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
}

static void unhex(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

static void check_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3], const char *want_hex)
{
    uint32_t w[16];
    uint8_t got[64], want[64];
    chacha20_block(key, counter, nonce, w);
    serialize(w, got);
    unhex(want_hex, want, sizeof want);
    CHECK(memcmp(got, want, sizeof got) == 0);
}

int main(void)
{
    /* Section 2.3.2: key 00 01 .. 1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1. */
    uint32_t key[8];
    for (int i = 0; i < 8; i++)
        key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 |
                 (uint32_t)(4 * i + 3) << 24;
    uint32_t nonce[3] = { 0x09000000, 0x4a000000, 0 };
    check_block(key, 1, nonce,
                "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");

    /* Appendix A.1, test vectors 1 and 2: the zero key and nonce, counters 0 and 1. */
    uint32_t zero_key[8] = { 0 }, zero_nonce[3] = { 0 };
    check_block(zero_key, 0, zero_nonce,
                "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
    check_block(zero_key, 1, zero_nonce,
                "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
    check_done("test_chacha20");
}
