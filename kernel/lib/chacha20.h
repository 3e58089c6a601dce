/* The ChaCha20 block function (RFC 7539, section 2.3): pure, so the host
 * unit tests check it against the RFC's vectors. lib/random.c builds its
 * generator and its entropy pool on it. */
#pragma once
#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_BLOCK_WORDS 16

/* out = the keystream block for (key, counter, nonce), in host-order words
 * (on x86 their bytes are the RFC's serialized block). */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter, const uint32_t nonce[3],
                    uint32_t out[CHACHA20_BLOCK_WORDS]);
