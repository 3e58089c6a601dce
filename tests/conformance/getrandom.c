/* getrandom and /dev/urandom: bytes that look random; flags and errors. */
#include "conf.h"
#include <sys/random.h>

static int all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

int main(void)
{
    unsigned char a[16] = {0}, b[16] = {0};
    CHECK_RET("getrandom 16", getrandom(a, sizeof a, 0), 16);
    CHECK("not all zero", !all_zero(a, sizeof a));
    CHECK_RET("getrandom 16 again", getrandom(b, sizeof b, 0), 16);
    CHECK("two calls differ", memcmp(a, b, sizeof a) != 0);
    CHECK_RET("GRND_NONBLOCK", getrandom(a, sizeof a, GRND_NONBLOCK), 16);
    CHECK_RET("GRND_RANDOM", getrandom(a, sizeof a, GRND_RANDOM), 16);
    CHECK_RET("GRND_INSECURE", syscall(SYS_getrandom, a, sizeof a, 0x0004), 16);
    CHECK_RET("length 0", getrandom(a, 0, 0), 0);
    CHECK_SYSCALL_ERRNO("unknown flag", EINVAL, SYS_getrandom, a, sizeof a, 0x100);
    CHECK_SYSCALL_ERRNO("GRND_INSECURE|GRND_RANDOM", EINVAL, SYS_getrandom, a, sizeof a, 0x0004 | 0x0002);

    /* a big request is served in full */
    size_t n = 1 << 20;
    unsigned char *big = calloc(1, n);
    CHECK_RET("getrandom 1 MiB", getrandom(big, n, 0), (long)n);
    /* every byte value shows up, and no 4 KiB page is all zero */
    int seen[256] = {0}, zero_page = 0;
    for (size_t i = 0; i < n; i++)
        seen[big[i]] = 1;
    for (size_t i = 0; i < n; i += 4096)
        if (all_zero(big + i, 4096))
            zero_page = 1;
    int all = 1;
    for (int i = 0; i < 256; i++)
        if (!seen[i])
            all = 0;
    CHECK("all 256 byte values appear", all);
    CHECK("no all-zero page", !zero_page);
    /* an unaligned, odd-sized request */
    memset(big, 0, 64);
    CHECK_RET("getrandom 13 bytes at odd address", getrandom(big + 3, 13, 0), 13);
    CHECK("bytes around untouched", big[2] == 0 && big[16] == 0);

    /* /dev/urandom */
    int fd = open("/dev/urandom", O_RDONLY);
    CHECK("open /dev/urandom", fd >= 0);
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK_RET("read 16", read(fd, a, sizeof a), 16);
    CHECK_RET("read 16 again", read(fd, b, sizeof b), 16);
    CHECK("urandom not zero, reads differ", !all_zero(a, 16) && memcmp(a, b, 16) != 0);
    CHECK_RET("read 1 MiB from /dev/urandom", read(fd, big, n), (long)n);
    CHECK("1 MiB read has no all-zero page", ({ int z = 0; for (size_t i = 0; i < n; i += 4096) if (all_zero(big + i, 4096)) z = 1; !z; }));
    CHECK_ERRNO("write to O_RDONLY /dev/urandom", write(fd, "x", 1), EBADF);
    close(fd);
    fd = open("/dev/urandom", O_WRONLY);
    CHECK_RET("write to /dev/urandom (O_WRONLY)", write(fd, "seed", 4), 4);
    close(fd);
    free(big);
    return 0;
}
