/* A file mapping past the end of the file: the rest of the last page reads
 * zeros, a page wholly past the end is SIGBUS (si_code BUS_ADRERR, si_addr
 * the byte touched), for loads and stores, shared and private; the same
 * page maps once the file grows, and goes again when it shrinks. A handler
 * jumps back over the access. */
#include "conf.h"
#include <setjmp.h>
#include <sys/mman.h>

#define PG 4096UL

static sigjmp_buf back;
static siginfo_t info;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    info = *si;
    siglongjmp(back, 1);
    (void)sig, (void)uc;
}

/* Touches base[off] (a load, or a store of 'x'): what happened. */
static void touch(const char *what, char *base, unsigned long off, int store)
{
    memset(&info, 0, sizeof info);
    if (sigsetjmp(back, 1) == 0) {
        char c = 0;
        if (store)
            ((volatile char *)base)[off] = 'x';
        else
            c = ((volatile char *)base)[off];
        printf("%s: no signal, read %d\n", what, c);
        return;
    }
    printf("%s: signal %s, si_code %s, si_addr at offset %#lx\n", what,
           info.si_signo == SIGBUS ? "SIGBUS" : "other",
           info.si_code == BUS_ADRERR ? "BUS_ADRERR" : "other",
           (unsigned long)((char *)info.si_addr - base));
}

static void probe(int fd, int type, const char *name)
{
    char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, type, fd, 0);
    CHECK(name, m != MAP_FAILED);
    int zero = 1;
    for (unsigned long i = PG + 100; i < 2 * PG; i++)
        zero &= m[i] == 0;
    CHECK("  rest of the last page reads zeros", zero);
    touch("  load at 2 pages + 8", m, 2 * PG + 8, 0);
    touch("  store at 2 pages + 16", m, 2 * PG + 16, 1);
    touch("  load at 4 pages - 1", m, 4 * PG - 1, 0);
    /* A shared store there would stay in the file's page (beyond its
     * size): only the private copy gets one. */
    if (type == MAP_PRIVATE)
        touch("  store in the last page's tail", m, PG + 200, 1);
    munmap(m, 4 * PG);
}

int main(void)
{
    conf_workdir("mmap_eof");
    conf_sigaction(SIGBUS, on_bus, 0);
    int fd = open("f", O_RDWR | O_CREAT, 0600);
    char data[PG + 100];
    memset(data, 'd', sizeof data);
    CHECK("write one page and 100 bytes", write(fd, data, sizeof data) == (long)sizeof data);
    probe(fd, MAP_SHARED, "MAP_SHARED of 4 pages");
    probe(fd, MAP_PRIVATE, "MAP_PRIVATE of 4 pages");

    /* a page that was SIGBUS maps once the file reaches it */
    char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    touch("before growing, load at 3 pages", m, 3 * PG, 0);
    ftruncate(fd, 3 * PG + 1);
    touch("after growing to 3 pages + 1, load at 3 pages", m, 3 * PG, 0);
    touch("load at 3 pages + 4000", m, 3 * PG + 4000, 0);
    /* an offset mapping wholly past the end */
    char *o = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 8 * PG);
    touch("mapping at offset 8 pages, load", o, 0, 0);
    munmap(o, PG);

    /* shrinking the file takes away the pages past its new end, private
     * copies too, and zeroes the rest of its last page */
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    m[2 * PG] = 's';
    p[2 * PG + 1] = 'p';
    m[PG + 100] = 't';
    touch("shared, page 2 before shrinking", m, 2 * PG, 0);
    touch("private copy of page 2 before shrinking", p, 2 * PG + 1, 0);
    CHECK("ftruncate to 1 page + 10", ftruncate(fd, PG + 10) == 0);
    touch("shared, page 2 after", m, 2 * PG, 0);
    touch("private copy of page 2 after", p, 2 * PG + 1, 0);
    touch("shared, byte 100 of the last page", m, PG + 100, 0);
    munmap(p, 4 * PG);
    munmap(m, 4 * PG);
    close(fd);
    return 0;
}
