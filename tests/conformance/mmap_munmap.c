/* partial munmap: holes in the middle, at the ends, across several mappings. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    char *b = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 16; i++)
        b[i * PG] = 'A' + i;
    CHECK_RET("munmap pages 6..7", munmap(b + 6 * PG, 2 * PG), 0);
    conf_print_maps_range("hole in the middle", b, 16 * PG);
    CHECK("data before the hole", b[5 * PG] == 'F');
    CHECK("data after the hole", b[8 * PG] == 'I');
    CHECK_RET("munmap first page", munmap(b, PG), 0);
    CHECK_RET("munmap last page", munmap(b + 15 * PG, PG), 0);
    conf_print_maps_range("ends trimmed", b, 16 * PG);
    CHECK("second page kept", b[PG] == 'B');
    CHECK("second-last page kept", b[14 * PG] == 'O');
    /* one munmap across two mappings and the hole between them */
    CHECK_RET("munmap across the hole", munmap(b + 4 * PG, 6 * PG), 0);
    conf_print_maps_range("across", b, 16 * PG);
    CHECK("page 3 kept", b[3 * PG] == 'D');
    CHECK("page 10 kept", b[10 * PG] == 'K');
    /* a new mapping may fill the hole again with MAP_FIXED; it is zero */
    char *f = mmap(b + 6 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("refill hole", f == b + 6 * PG && f[0] == 0);
    conf_print_maps_range("refilled", b, 16 * PG);
    /* munmap of the whole range, including holes, succeeds */
    CHECK_RET("munmap everything", munmap(b, 16 * PG), 0);
    conf_print_maps_range("gone", b, 16 * PG);
    CHECK_RET("munmap everything again", munmap(b, 16 * PG), 0);
    /* munmap of part of a page rounds the length up */
    char *c = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET("munmap 1 byte", munmap(c, 1), 0);
    conf_print_maps_range("after munmap of 1 byte", c, 2 * PG);
    munmap(c, 2 * PG);
    return 0;
}
