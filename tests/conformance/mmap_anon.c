/* anonymous mmap: zero fill, alignment, argument errors, munmap rules. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
    size_t len = 1 << 20;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap 1 MiB private anonymous", p != MAP_FAILED);
    CHECK("page aligned", ((uintptr_t)p & 4095) == 0);
    int zero = 1;
    for (size_t i = 0; i < len; i++)
        if (p[i])
            zero = 0;
    CHECK("zero filled", zero);
    for (size_t i = 0; i < len; i += 4096)
        p[i] = (unsigned char)(i >> 12);
    int kept = 1;
    for (size_t i = 0; i < len; i += 4096)
        if (p[i] != (unsigned char)(i >> 12))
            kept = 0;
    CHECK("writes kept", kept);
    CHECK_RET("munmap", munmap(p, len), 0);

    /* an odd length is rounded up to a page */
    char *q = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap 100 bytes", q != MAP_FAILED);
    q[4095] = 7;
    CHECK("whole page usable", q[4095] == 7);
    CHECK_RET("munmap 100 bytes (rounded)", munmap(q, 100), 0);

    /* shared anonymous mapping is zero filled too */
    int *s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap shared anonymous", s != MAP_FAILED);
    CHECK("shared zero", s[0] == 0 && s[2047] == 0);
    s[5] = 42;
    CHECK("shared write", s[5] == 42);
    munmap(s, 8192);

    /* read-only anonymous mapping reads zeros */
    volatile int *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("PROT_READ anonymous reads zero", ro != MAP_FAILED && ro[100] == 0);
    munmap((void *)ro, 4096);

    /* MAP_NORESERVE, MAP_POPULATE are accepted */
    void *nr = mmap(NULL, 1 << 24, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK("MAP_NORESERVE 16 MiB", nr != MAP_FAILED);
    munmap(nr, 1 << 24);
    char *pop = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    CHECK("MAP_POPULATE zero", pop != MAP_FAILED && pop[65535] == 0);
    munmap(pop, 65536);
    /* a large sparse reservation: 1 GiB, touch two pages */
    char *big = mmap(NULL, 1UL << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK("1 GiB reservation", big != MAP_FAILED);
    big[0] = 1;
    big[(1UL << 30) - 1] = 2;
    CHECK("touch both ends", big[0] == 1 && big[(1UL << 30) - 1] == 2);
    munmap(big, 1UL << 30);

    /* errors */
    CHECK_ERRNO("length 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO("neither private nor shared", mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO("private and shared", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO("MAP_FIXED unaligned", mmap((void *)0x10000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
    CHECK_ERRNO("file mapping with bad fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
    CHECK_ERRNO("huge length", mmap(NULL, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    CHECK_ERRNO("length overflows when rounded", mmap(NULL, (size_t)-1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    CHECK_ERRNO("MAP_FIXED in kernel half", mmap((void *)0xffff800000000000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO("MAP_FIXED beyond user space", mmap((void *)0x800000000000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO("munmap unaligned", munmap((void *)0x10000001, 4096), EINVAL);
    CHECK_ERRNO("munmap length 0", munmap((void *)0x10000000, 0), EINVAL);
    CHECK_ERRNO("munmap in kernel half", munmap((void *)0xffff800000000000UL, 4096), EINVAL);
    /* munmap of a range with nothing mapped succeeds */
    void *hole = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 3 * 4096);
    CHECK_RET("munmap unmapped range", munmap(hole, 3 * 4096), 0);
    /* the hint is only a hint, but a free, aligned hint is honoured on Linux */
    void *want = (void *)0x200000000000UL;
    void *got = mmap(want, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("free hint honoured", got == want);
    munmap(got, 4096);
    /* unaligned hint without MAP_FIXED is fine */
    got = mmap((void *)0x200000000123UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("unaligned hint accepted, result aligned", got != MAP_FAILED && ((uintptr_t)got & 4095) == 0);
    return 0;
}
