/* mincore: which pages of a range are in memory (touched anonymous pages,
 * pages a file holds, mapped or not), and Linux's errors. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

static void show(const char *what, void *addr, size_t len)
{
    unsigned char vec[16];
    memset(vec, 7, sizeof vec);
    int r = mincore(addr, len, vec);
    printf("%s: %d", what, r);
    for (size_t i = 0; r == 0 && i < (len + PG - 1) / PG; i++)
        printf(" %d", vec[i] & 1);
    printf("\n");
}

int main(void)
{
    conf_workdir("mincore");
    char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("untouched anonymous", a, 4 * PG);
    a[0] = 1;
    a[2 * PG] = 1;
    show("pages 0 and 2 written", a, 4 * PG);
    show("length not a page multiple", a, 2 * PG + 1);
    show("length 0", a, 0);
    madvise(a, PG, MADV_DONTNEED);
    show("page 0 dropped", a, 4 * PG);

    /* a file written before it is mapped: its pages are in memory, a hole's not */
    char data[2 * PG];
    memset(data, 'd', sizeof data);
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    pwrite(fd, data, PG, 0);
    pwrite(fd, data, PG, 2 * PG);
    char *m = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
    show("file pages, a hole, past the end", m, 4 * PG);
    char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    p[PG] = 'x';                         /* a private copy over the hole */
    show("private mapping with a copy over the hole", p, 3 * PG);

    /* errors */
    unsigned char vec[8];
    CHECK_ERRNO("unaligned address", mincore(a + 1, PG, vec), EINVAL);
    munmap(a + PG, PG);
    CHECK_ERRNO("range with an unmapped page", mincore(a, 4 * PG, vec), ENOMEM);
    CHECK_ERRNO("unmapped range", mincore(a + PG, PG, vec), ENOMEM);
    CHECK_ERRNO("unmapped, unaligned", mincore(a + PG + 1, PG, vec), EINVAL);
    CHECK_ERRNO("bad vector", mincore(a, PG, (unsigned char *)8), EFAULT);
    CHECK_ERRNO("kernel vector", mincore(a, PG, (unsigned char *)0xffff800000000000UL), EFAULT);
    CHECK_ERRNO("kernel address", syscall(SYS_mincore, 0xffff800000000000UL, PG, vec), ENOMEM);
    CHECK_ERRNO("range past the top", syscall(SYS_mincore, 0x7ffffffff000UL, 2 * PG, vec), ENOMEM);
    CHECK_ERRNO("unmapped, a user vector that faults", mincore(a + PG, PG, (unsigned char *)8), ENOMEM);
    return 0;
}
