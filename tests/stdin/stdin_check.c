/* Reads its stdin to the end and says what arrived: the byte count, the
 * lines, and a CRC-32 (zlib's), so that a test on the host can check that
 * every byte of a piped input reached the program, in order, and that the
 * end of the input was seen (the line is printed only at read's 0).
 *
 * It prints "ready" before its first read. An argument N makes it wait N ms
 * first, so that the input piles up in the kernel before anyone reads it. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "crc32.h"

int main(int argc, char **argv)
{
    long wait_ms = argc > 1 ? atol(argv[1]) : 0;
    printf("ready\n");
    fflush(stdout);
    if (wait_ms > 0) {
        struct timespec ts = { wait_ms / 1000, (wait_ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    unsigned char buf[65536];
    uint64_t bytes = 0, lines = 0;
    uint32_t crc = 0;
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            printf("read: errno %d\n", errno);
            return 1;
        }
        if (n == 0)
            break;
        crc = crc32_update(crc, buf, (size_t)n);
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
        bytes += (uint64_t)n;
    }
    printf("end of input: bytes=%llu lines=%llu crc32=%08x\n", (unsigned long long)bytes,
           (unsigned long long)lines, crc);
    return 0;
}
