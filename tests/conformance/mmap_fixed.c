/* MAP_FIXED replaces an existing mapping; MAP_FIXED_NOREPLACE refuses to. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    char *base = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap 8 pages", base != MAP_FAILED);
    memset(base, 'a', 8 * PG);

    /* MAP_FIXED over pages 2..3: new zero pages, neighbours untouched */
    char *f = mmap(base + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("MAP_FIXED returns the address", f == base + 2 * PG);
    CHECK("replaced pages are zero", f[0] == 0 && f[2 * PG - 1] == 0);
    CHECK("page before untouched", base[2 * PG - 1] == 'a');
    CHECK("page after untouched", base[4 * PG] == 'a');
    conf_print_maps_range("after MAP_FIXED rw", base, 8 * PG);

    /* MAP_FIXED with different protection splits the region */
    f = mmap(base + 5 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("MAP_FIXED read-only page", f == base + 5 * PG && f[0] == 0);
    conf_print_maps_range("after MAP_FIXED ro", base, 8 * PG);

    /* MAP_FIXED_NOREPLACE */
    CHECK_ERRNO("NOREPLACE over existing", mmap(base + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK_ERRNO("NOREPLACE partly overlapping", mmap(base + 7 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK("old contents survive failed NOREPLACE", base[PG] == 'a');
    munmap(base + 6 * PG, 2 * PG);
    char *n = mmap(base + 6 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK("NOREPLACE into a free hole", n == base + 6 * PG);
    CHECK("NOREPLACE memory zero", n[0] == 0 && n[2 * PG - 1] == 0);
    CHECK_ERRNO("NOREPLACE unaligned", mmap(base + 6 * PG + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EINVAL);
    conf_print_maps_range("after NOREPLACE", base, 8 * PG);

    /* MAP_FIXED into free space far away */
    char *far = (char *)0x300000000000UL;
    char *g = mmap(far, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("MAP_FIXED into free space", g == far);
    g[0] = 1;
    /* MAP_FIXED spanning a mapping and a hole */
    munmap(far + PG, PG);
    g = mmap(far, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("MAP_FIXED across a hole", g == far && g[0] == 0 && g[PG] == 0);
    conf_print_maps_range("far", far, 4 * PG);
    munmap(far, 4 * PG);
    conf_print_maps_range("far after munmap", far, 4 * PG);
    munmap(base, 8 * PG);
    conf_print_maps_range("base after munmap", base, 8 * PG);
    return 0;
}
