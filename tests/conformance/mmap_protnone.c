/* The HotSpot pattern: reserve PROT_NONE, commit pieces with mprotect, use them. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    size_t len = 64 * PG;
    char *r = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK("reserve 64 pages PROT_NONE", r != MAP_FAILED);
    conf_print_maps_range("reserved", r, len);

    CHECK_RET("commit pages 8..15 rw", mprotect(r + 8 * PG, 8 * PG, PROT_READ | PROT_WRITE), 0);
    int zero = 1;
    for (size_t i = 8 * PG; i < 16 * PG; i++)
        if (r[i])
            zero = 0;
    CHECK("committed pages read zero", zero);
    memset(r + 8 * PG, 'x', 8 * PG);
    CHECK("committed pages writable", r[8 * PG] == 'x' && r[16 * PG - 1] == 'x');
    conf_print_maps_range("one piece", r, len);

    CHECK_RET("commit pages 16..23 rw (adjacent)", mprotect(r + 16 * PG, 8 * PG, PROT_READ | PROT_WRITE), 0);
    r[20 * PG] = 'y';
    conf_print_maps_range("adjacent pieces merge", r, len);

    CHECK_RET("commit pages 40..41 rwx", mprotect(r + 40 * PG, 2 * PG, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
    r[40 * PG] = (char)0xc3; /* ret */
    ((void (*)(void))(r + 40 * PG))();
    printf("code in committed rwx page ran: yes\n");
    conf_print_maps_range("rwx piece", r, len);

    /* uncommit: back to PROT_NONE, MADV_DONTNEED drops the contents */
    CHECK_RET("uncommit 12..15", mprotect(r + 12 * PG, 4 * PG, PROT_NONE), 0);
    CHECK_RET("madvise DONTNEED 12..15", madvise(r + 12 * PG, 4 * PG, MADV_DONTNEED), 0);
    conf_print_maps_range("after uncommit", r, len);
    CHECK_RET("recommit 12..15", mprotect(r + 12 * PG, 4 * PG, PROT_READ | PROT_WRITE), 0);
    CHECK("recommitted pages are zero again", r[12 * PG] == 0 && r[16 * PG - 1] == 0);
    CHECK("neighbours kept", r[11 * PG] == 'x' && r[20 * PG] == 'y');
    conf_print_maps_range("after recommit", r, len);

    /* read-only commit */
    CHECK_RET("mprotect 8..9 read-only", mprotect(r + 8 * PG, 2 * PG, PROT_READ), 0);
    CHECK("read-only keeps data", r[8 * PG] == 'x');
    conf_print_maps_range("read-only piece", r, len);

    /* errors */
    CHECK_ERRNO("mprotect unaligned", mprotect(r + 1, PG, PROT_READ), EINVAL);
    CHECK_ERRNO("mprotect bad prot", mprotect(r, PG, 0x100), EINVAL);
    munmap(r + 60 * PG, 4 * PG);
    CHECK_ERRNO("mprotect over a hole", mprotect(r + 56 * PG, 8 * PG, PROT_READ), ENOMEM);
    /* (Linux has already changed the pages before the hole; that detail is
     * not part of this test: put them back.) */
    mprotect(r + 56 * PG, 4 * PG, PROT_NONE);
    CHECK_ERRNO("mprotect starting in a hole", mprotect(r + 60 * PG, 8 * PG, PROT_READ), ENOMEM);
    CHECK_ERRNO("mprotect unmapped", mprotect(r + 60 * PG, PG, PROT_READ), ENOMEM);
    CHECK_RET("mprotect length 0", mprotect(r, 0, PROT_READ), 0);
    conf_print_maps_range("final", r, len);
    CHECK_RET("release all", munmap(r, len), 0);
    conf_print_maps_range("released", r, len);
    return 0;
}
