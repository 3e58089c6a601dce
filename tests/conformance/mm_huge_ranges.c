/* mm_huge_ranges: munmap, mprotect, MADV_DONTNEED, ftruncate and exit over
 * terabytes of which a page or two are present do what they say on those
 * pages, and at once: the kernel walks only the page tables that exist. (A
 * walk of every 4 KiB page, with interrupts off, took 10 s a TiB in TCG:
 * this program then outlasts the harness's timeout.) */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL
#define TIB (1UL << 40)
#define RESV (32 * TIB)
#define FILE_SIZE (1UL << 20)

/* Is [p, p + PG) free? MAP_FIXED_NOREPLACE maps there only if it is. */
static int page_is_free(char *p)
{
    char *m = mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    munmap(m, PG);
    return m == p;
}

static char *reserve(void)
{
    return mmap(NULL, RESV, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

/* A 32 TiB reservation with one page written in its middle. */
static void reservation(void)
{
    char *r = reserve();
    CHECK("32 TiB PROT_NONE reservation", r != MAP_FAILED);
    char *mid = r + RESV / 2;
    CHECK_RET("mprotect its middle page read-write", mprotect(mid, PG, PROT_READ | PROT_WRITE), 0);
    mid[0] = 'm';
    CHECK_RET("mprotect all 32 TiB read-only", mprotect(r, RESV, PROT_READ), 0);
    CHECK("the middle page kept its data", mid[0] == 'm');
    CHECK_RET("MADV_DONTNEED all 32 TiB", madvise(r, RESV, MADV_DONTNEED), 0);
    CHECK("the middle page reads zero after it", mid[0] == 0);
    CHECK_RET("mprotect all 32 TiB PROT_NONE", mprotect(r, RESV, PROT_NONE), 0);
    CHECK_RET("munmap all 32 TiB", munmap(r, RESV), 0);
    CHECK("its middle page is free after it", page_is_free(mid));
}

/* A 1 TiB shared mapping of a 1 MiB file, its first and last pages written. */
static void shared_file(void)
{
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK_RET("file of 1 MiB", ftruncate(fd, FILE_SIZE), 0);
    char *s = mmap(NULL, TIB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("1 TiB shared mapping of it", s != MAP_FAILED);
    s[0] = 'a';
    s[FILE_SIZE - 1] = 'z';
    CHECK_RET("truncate the file to one page", ftruncate(fd, PG), 0);
    CHECK("its first page kept", s[0] == 'a');
    CHECK_RET("extend it to 1 MiB again", ftruncate(fd, FILE_SIZE), 0);
    CHECK("its last page reads zero", s[FILE_SIZE - 1] == 0);
    char c;
    CHECK("read() agrees", pread(fd, &c, 1, FILE_SIZE - 1) == 1 && c == 0);
    CHECK_RET("truncate it to 0", ftruncate(fd, 0), 0);
    CHECK_RET("mprotect all 1 TiB read-only", mprotect(s, TIB, PROT_READ), 0);
    CHECK_RET("munmap all 1 TiB", munmap(s, TIB), 0);
    CHECK("its first page is free after it", page_is_free(s));
    close(fd);
}

int main(void)
{
    conf_workdir("mm_huge_ranges");
    reservation();
    shared_file();
    /* One more, with a page at each end, left for exit to unmap. */
    char *e = reserve();
    CHECK_RET("mprotect the first page read-write", mprotect(e, PG, PROT_READ | PROT_WRITE), 0);
    CHECK_RET("mprotect the last page read-write",
              mprotect(e + RESV - PG, PG, PROT_READ | PROT_WRITE), 0);
    e[0] = e[RESV - 1] = 'e';
    CHECK("both written", e[0] == 'e' && e[RESV - 1] == 'e');
    return 0;
}
