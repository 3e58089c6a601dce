/* Copies its stdin to its stdout byte for byte, then says on stderr how
 * many bytes came before the end, so that a test can compare what a piped
 * input gave the program with the input itself and with the host's run.
 *
 * Arguments: WAIT_MS, a sleep before the first read, so that the input
 * piles up in the kernel and the whole chain behind it stops; CHUNK, the
 * bytes asked of each read (default 65536), a slow reader when small. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long wait_ms = argc > 1 ? atol(argv[1]) : 0;
    size_t chunk = argc > 2 ? (size_t)atol(argv[2]) : 65536;
    static char buf[65536];
    if (chunk == 0 || chunk > sizeof buf)
        chunk = sizeof buf;
    if (wait_ms > 0)
        sleep_ms(wait_ms);
    unsigned long long bytes = 0;
    for (;;) {
        ssize_t n = read(0, buf, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "stdin_cat: read: errno %d\n", errno);
            return 1;
        }
        if (n == 0)
            break;
        if (write_all(buf, (size_t)n)) {
            fprintf(stderr, "stdin_cat: write: errno %d\n", errno);
            return 1;
        }
        bytes += (unsigned long long)n;
    }
    fprintf(stderr, "stdin_cat: %llu bytes, then the end\n", bytes);
    return 0;
}
