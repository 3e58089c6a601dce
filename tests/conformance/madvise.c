/* madvise: DONTNEED zeroes private anonymous memory and restores file pages. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    conf_workdir("madvise");
    char *a = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(a, 'x', 8 * PG);
    CHECK_RET("MADV_DONTNEED pages 2..3", madvise(a + 2 * PG, 2 * PG, MADV_DONTNEED), 0);
    CHECK("dropped pages read zero", a[2 * PG] == 0 && a[4 * PG - 1] == 0);
    CHECK("other pages kept", a[2 * PG - 1] == 'x' && a[4 * PG] == 'x');
    a[2 * PG] = 'y';
    CHECK("dropped page writable again", a[2 * PG] == 'y');
    conf_print_maps_range("after DONTNEED", a, 8 * PG);

    CHECK_RET("MADV_NORMAL", madvise(a, 8 * PG, MADV_NORMAL), 0);
    CHECK_RET("MADV_RANDOM", madvise(a, 8 * PG, MADV_RANDOM), 0);
    CHECK_RET("MADV_SEQUENTIAL", madvise(a, 8 * PG, MADV_SEQUENTIAL), 0);
    CHECK_RET("MADV_WILLNEED", madvise(a, 8 * PG, MADV_WILLNEED), 0);
    CHECK_RET("MADV_NORMAL again", madvise(a, 8 * PG, MADV_NORMAL), 0);
    CHECK("data kept by hints", a[0] == 'x' && a[2 * PG] == 'y');
    CHECK_RET("length 0", madvise(a, 0, MADV_DONTNEED), 0);
    CHECK_ERRNO("unaligned start", madvise(a + 1, PG, MADV_DONTNEED), EINVAL);
    CHECK_ERRNO("unknown advice", madvise(a, PG, 12345), EINVAL);
    munmap(a + 6 * PG, 2 * PG);
    CHECK_ERRNO("range with unmapped part", madvise(a + 4 * PG, 4 * PG, MADV_NORMAL), ENOMEM);
    CHECK_ERRNO("unmapped range", madvise(a + 6 * PG, 2 * PG, MADV_DONTNEED), ENOMEM);

    /* DONTNEED on a private file mapping brings back the file contents */
    char page[PG];
    memset(page, 'f', PG);
    conf_write_file("f", page, PG);
    int fd = open("f", O_RDONLY);
    char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    m[0] = 'P';
    CHECK("private copy", m[0] == 'P');
    CHECK_RET("MADV_DONTNEED file mapping", madvise(m, PG, MADV_DONTNEED), 0);
    CHECK("file contents back", m[0] == 'f');
    munmap(m, PG);

    /* DONTNEED on shared anonymous memory keeps the data */
    char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    s[0] = 'S';
    CHECK_RET("MADV_DONTNEED shared anonymous", madvise(s, PG, MADV_DONTNEED), 0);
    CHECK("shared data kept", s[0] == 'S');
    /* DONTNEED on a PROT_NONE reservation is allowed */
    char *n = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET("MADV_DONTNEED PROT_NONE", madvise(n, 4 * PG, MADV_DONTNEED), 0);
    return 0;
}
