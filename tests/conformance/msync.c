/* msync: a shared file mapping's stores are in the file before and after
 * MS_SYNC/MS_ASYNC (what MappedByteBuffer.force asks); Linux's argument
 * checks: flags, alignment, unmapped pages. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    conf_workdir("msync");
    char page[2 * PG];
    memset(page, 'f', sizeof page);
    conf_write_file("f", page, sizeof page);
    int fd = open("f", O_RDWR);
    char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    m[1] = 'S';
    CHECK_RET("MS_SYNC", msync(m, 2 * PG, MS_SYNC), 0);
    char c = 0;
    CHECK("store read back through the file", pread(fd, &c, 1, 1) == 1 && c == 'S');
    m[PG] = 'A';
    CHECK_RET("MS_ASYNC", msync(m, 2 * PG, MS_ASYNC), 0);
    CHECK_RET("MS_INVALIDATE", msync(m, PG, MS_INVALIDATE), 0);
    CHECK_RET("MS_SYNC|MS_INVALIDATE", msync(m, PG, MS_SYNC | MS_INVALIDATE), 0);
    CHECK_RET("no flags", msync(m, PG, 0), 0);
    CHECK_RET("length not a page multiple", msync(m, 10, MS_SYNC), 0);
    CHECK_RET("length 0", msync(m, 0, MS_SYNC), 0);
    CHECK("second page in the file", pread(fd, &c, 1, PG) == 1 && c == 'A');

    CHECK_ERRNO("MS_SYNC|MS_ASYNC", msync(m, PG, MS_SYNC | MS_ASYNC), EINVAL);
    CHECK_ERRNO("unknown flag", msync(m, PG, 8), EINVAL);
    CHECK_ERRNO("unaligned address", msync(m + 1, PG, MS_SYNC), EINVAL);
    CHECK_ERRNO("unaligned and bad flags", msync(m + 1, PG, 8), EINVAL);

    /* private and anonymous memory: nothing to write, still fine */
    char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET("anonymous memory", msync(a, 4 * PG, MS_SYNC), 0);
    char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK_RET("private file mapping", msync(p, PG, MS_SYNC), 0);
    char *n = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET("PROT_NONE mapping", msync(n, PG, MS_SYNC), 0);

    /* unmapped pages: ENOMEM, for a hole inside or a range past the end */
    munmap(a + PG, PG);
    CHECK_ERRNO("range with a hole", msync(a, 4 * PG, MS_SYNC), ENOMEM);
    CHECK_ERRNO("unmapped range", msync(a + PG, PG, MS_ASYNC), ENOMEM);
    CHECK_ERRNO("unmapped with bad flags", msync(a + PG, PG, 8), EINVAL);
    CHECK_RET("mapped rest", msync(a + 2 * PG, 2 * PG, MS_SYNC), 0);
    CHECK_ERRNO("wrapping range", msync((void *)(-2 * PG), 4 * PG, MS_SYNC), ENOMEM);
    CHECK_RET("length rounding past 2^64 is 0", msync(a, (size_t)-1, MS_SYNC), 0);

    munmap(m, 2 * PG);
    CHECK_ERRNO("after munmap", msync(m, PG, MS_SYNC), ENOMEM);
    close(fd);
    return 0;
}
