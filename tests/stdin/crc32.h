/* CRC-32 (IEEE, as zlib's crc32): what the stdin programs print of the bytes they read, so that
 * a test compares megabytes by one line. */
#pragma once
#include <stddef.h>
#include <stdint.h>

static inline uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}
