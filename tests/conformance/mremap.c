/* mremap: shrinking and growing in place, moving (MAYMOVE, FIXED,
 * DONTUNMAP) with the contents, protection and file offsets kept, shared
 * and private file mappings, glibc's realloc of large blocks, and Linux's
 * errors. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)

static char *anon(size_t pages, int prot)
{
    return mmap(NULL, pages * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* Page i holds the letter c + i. */
static void fill(char *p, size_t pages, char c)
{
    for (size_t i = 0; i < pages; i++)
        memset(p + i * PG, c + (int)i, PG);
}

static int holds(const char *p, size_t pages, char c)
{
    for (size_t i = 0; i < pages; i++)
        for (size_t j = 0; j < PG; j += 512)
            if (p[i * PG + j] != c + (int)i || p[i * PG + PG - 1] != c + (int)i)
                return 0;
    return 1;
}

static int zeros(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i])
            return 0;
    return 1;
}

/* A PROT_NONE reservation, so that what follows a mapping made at its
 * start is known to be taken. */
static char *reserve(size_t pages)
{
    return anon(pages, PROT_NONE);
}

static void errors(void)
{
    char *p = anon(4, RW);
    CHECK_ERRNO("unknown flag", mremap(p, PG, PG, 8), EINVAL);
    CHECK_ERRNO("unaligned address", mremap(p + 1, PG, PG, 0), EINVAL);
    CHECK_ERRNO("new size 0", mremap(p, PG, 0, MREMAP_MAYMOVE), EINVAL);
    CHECK_ERRNO("new size past the user space", mremap(p, PG, 1UL << 62, MREMAP_MAYMOVE), EINVAL);
    CHECK_ERRNO("FIXED without MAYMOVE", mremap(p, PG, PG, MREMAP_FIXED, p + 8 * PG), EINVAL);
    CHECK_ERRNO("DONTUNMAP without MAYMOVE", mremap(p, PG, PG, MREMAP_DONTUNMAP, NULL), EINVAL);
    CHECK_ERRNO("DONTUNMAP resizing", mremap(p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL),
                EINVAL);
    CHECK_ERRNO("FIXED onto itself", mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG),
                EINVAL);
    CHECK_ERRNO("FIXED unaligned target",
                mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 8 * PG + 1), EINVAL);
    CHECK_ERRNO("duplicating a private mapping", mremap(p, 0, PG, MREMAP_MAYMOVE), EINVAL);

    munmap(p + 2 * PG, PG);
    CHECK_ERRNO("nothing mapped there", mremap(p + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE), EFAULT);
    CHECK_ERRNO("growing across a hole", mremap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE), EFAULT);
    mprotect(p + PG, PG, PROT_READ);
    CHECK_ERRNO("growing across two mappings", mremap(p, 2 * PG, 3 * PG, MREMAP_MAYMOVE), EFAULT);
    CHECK_ERRNO("no room to grow, no MAYMOVE", mremap(p, PG, 2 * PG, 0), ENOMEM);
    CHECK("failures changed nothing", p[0] == 0 && p[PG] == 0 && p[3 * PG] == 0);
    conf_print_maps_range("after the errors", p, 4 * PG);
    munmap(p, 4 * PG);
}

static void in_place(void)
{
    char *p = anon(8, RW);
    fill(p, 8, 'a');
    CHECK("shrink returns the address", mremap(p, 8 * PG, 3 * PG, 0) == p);
    CHECK("shrink keeps the contents", holds(p, 3, 'a'));
    conf_print_maps_range("shrunk", p, 8 * PG);
    /* With MAYMOVE too, a shrink stays; the tail may cross holes. */
    munmap(p + PG, PG);
    CHECK("shrink across a hole", mremap(p, 3 * PG, PG, MREMAP_MAYMOVE) == p);
    conf_print_maps_range("shrunk across a hole", p, 8 * PG);
    CHECK("the same size: nothing to do", mremap(p, PG, PG, 0) == p);

    CHECK("grow into free space, same address", mremap(p, PG, 5 * PG, 0) == p);
    CHECK("grown: old contents kept", holds(p, 1, 'a'));
    CHECK("grown: new pages zero", zeros(p + PG, 4 * PG));
    conf_print_maps_range("grown in place", p, 8 * PG);
    munmap(p, 5 * PG);
}

static void moves(void)
{
    char *p = anon(4, RW);
    fill(p, 4, 'a');
    mprotect(p + 2 * PG, 2 * PG, PROT_READ);
    CHECK_ERRNO("grow without MAYMOVE", mremap(p, 2 * PG, 3 * PG, 0), ENOMEM);
    char *q = mremap(p, 2 * PG, 3 * PG, MREMAP_MAYMOVE);
    CHECK("MAYMOVE moves", q != MAP_FAILED && q != p);
    CHECK("moved contents", holds(q, 2, 'a') && zeros(q + 2 * PG, PG));
    CHECK("moved memory writable", (q[2 * PG] = 'x') == 'x');
    conf_print_maps_range("the source after the move", p, 4 * PG);
    conf_print_maps_range("the moved mapping", q, 3 * PG);

    /* FIXED: replaces what is there, splitting it. */
    char *t = anon(4, RW);
    fill(t, 4, 'p');
    mprotect(t, 4 * PG, PROT_READ);
    char *r = mremap(q, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t + PG);
    CHECK("FIXED returns the target", r == t + PG);
    CHECK("FIXED: contents there", holds(t + PG, 2, 'a'));
    CHECK("FIXED: the target's other pages untouched", t[0] == 'p' && t[3 * PG] == 's');
    CHECK("FIXED: the rest of the source stays", q[2 * PG] == 'x');
    conf_print_maps_range("FIXED target", t, 4 * PG);
    conf_print_maps_range("FIXED source", q, 3 * PG);

    /* FIXED shrinking, then FIXED growing, to the same free place. */
    r = mremap(t + PG, 2 * PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, q);
    CHECK("FIXED shrink", r == q && holds(q, 1, 'a'));
    r = mremap(q, PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t + PG);
    CHECK("FIXED grow", r == t + PG && holds(r, 1, 'a') && zeros(r + PG, 2 * PG));
    conf_print_maps_range("FIXED grown over the target", t, 4 * PG);
    munmap(t, 4 * PG);
    munmap(q, 3 * PG);
    munmap(p, 4 * PG);

    /* Protection travels with the mapping. */
    p = anon(2, RW);
    fill(p, 2, 'k');
    mprotect(p, 2 * PG, PROT_READ);
    char *blocker = reserve(2);
    q = mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, blocker);
    CHECK("read-only moved", q == blocker && holds(q, 2, 'k'));
    conf_print_maps_range("read-only moved", q, 2 * PG);
    munmap(q, 2 * PG);
}

static void dontunmap(void)
{
    char *p = anon(2, RW);
    fill(p, 2, 'd');
    char *q = mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
    CHECK("DONTUNMAP moves", q != MAP_FAILED && q != p);
    CHECK("DONTUNMAP: contents moved", holds(q, 2, 'd'));
    CHECK("DONTUNMAP: the old range reads zeros", zeros(p, 2 * PG));
    p[0] = 'n';
    CHECK("DONTUNMAP: the old range is writable, apart", p[0] == 'n' && q[0] == 'd');
    conf_print_maps_range("DONTUNMAP old", p, 2 * PG);
    conf_print_maps_range("DONTUNMAP new", q, 2 * PG);

    /* new_addr is a hint: taken when free. */
    char *hint = anon(2, RW);
    munmap(hint, 2 * PG);
    char *r = mremap(q, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, hint);
    CHECK("DONTUNMAP takes a free hint", r == hint && holds(r, 2, 'd'));
    munmap(r, 2 * PG);
    munmap(q, 2 * PG);
    munmap(p, 2 * PG);
}

static void files(void)
{
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
    char page[PG];
    for (int i = 0; i < 4; i++) {
        memset(page, 'A' + i, PG);
        write(fd, page, PG);
    }

    /* A private mapping of pages 1-2, blocked, grows by moving: it maps
     * on into page 3; a page written before the move keeps its copy. */
    char *arena = reserve(8);
    char *m = mmap(arena, 2 * PG, RW, MAP_PRIVATE | MAP_FIXED, fd, PG);
    CHECK("private file mapping", holds(m, 2, 'B'));
    m[PG] = 'z';
    char *q = mremap(m, 2 * PG, 3 * PG, MREMAP_MAYMOVE);
    CHECK("private file mapping moved", q != MAP_FAILED && q != m);
    CHECK("the unwritten page is the file's", holds(q, 1, 'B'));
    CHECK("the written page kept its copy", q[PG] == 'z' && q[PG + 1] == 'C');
    CHECK("the new page maps the file on", holds(q + 2 * PG, 1, 'D'));
    conf_print_maps_range("private file moved", q, 3 * PG);
    munmap(q, 3 * PG);

    /* A shared mapping moved stays the file's: stores reach it. */
    m = mmap(arena, 2 * PG, RW, MAP_SHARED | MAP_FIXED, fd, 0);
    q = mremap(m, 2 * PG, 3 * PG, MREMAP_MAYMOVE);
    CHECK("shared file mapping moved", q != MAP_FAILED && q != m && holds(q, 3, 'A'));
    q[2 * PG] = 'w';
    char c = 0;
    pread(fd, &c, 1, 2 * PG);
    CHECK("a store after the move reaches the file", c == 'w');
    /* old_len 0 duplicates a shared mapping. */
    char *d = mremap(q + PG, 0, PG, MREMAP_MAYMOVE);
    CHECK("duplicate of a shared page", d != MAP_FAILED && d != q + PG && d[0] == 'B');
    d[1] = 'y';
    CHECK("the duplicate aliases", q[PG + 1] == 'y');
    /* DONTUNMAP of a shared file mapping: both ranges map the file. */
    char *e = mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
    CHECK("DONTUNMAP of a shared file mapping", e != MAP_FAILED && e[0] == 'A');
    e[2] = 'v';
    CHECK("the old range still maps the file", q[2] == 'v');
    conf_print_maps_range("shared file moved", q, 3 * PG);
    conf_print_maps_range("shared file duplicate", d, PG);
    munmap(d, PG);
    munmap(e, PG);
    munmap(q, 3 * PG);
    munmap(arena, 8 * PG);
    close(fd);
}

/* glibc's realloc moves large (mmapped) blocks with mremap. */
static void realloc_large(void)
{
    size_t n = 1 << 20;
    unsigned char *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(i * 7);
    int ok = 1;
    for (int round = 0; round < 5; round++) {
        b = realloc(b, n * 2);
        for (size_t i = 0; i < n; i++)
            ok &= b[i] == (unsigned char)(i * 7);
        for (size_t i = n; i < n * 2; i++)
            b[i] = (unsigned char)(i * 7);
        n *= 2;
    }
    CHECK("realloc up to 32 MiB keeps the data", ok);
    b = realloc(b, 1 << 20);
    for (size_t i = 0; i < (1 << 20); i++)
        ok &= b[i] == (unsigned char)(i * 7);
    CHECK("realloc down keeps the data", ok);
    free(b);
}

int main(void)
{
    conf_workdir("mremap");
    errors();
    in_place();
    moves();
    dontunmap();
    files();
    realloc_large();
    return 0;
}
