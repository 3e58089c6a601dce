/* Holes of a sparse file read through mmap: every page reads zeros and
 * costs the file system nothing, even when the file is larger than all of
 * tmpfs (eggos's tmpfs holds half the RAM: 256 MiB of the harness's 512 MiB
 * guest), for MAP_SHARED and MAP_PRIVATE. After such reads, a store through
 * MAP_SHARED reaches the file and other mappings, one through MAP_PRIVATE
 * does not, and write() into a hole shows through both. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL
#define BIG (512UL << 20)

/* The file's own allocated blocks: 0 for a file of holes on ext4 and
 * tmpfs alike (the free space of the whole file system would move with
 * everything else the machine writes). */
static long blocks(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_blocks : -1;
}

/* Reads a byte of every page of a mapping of the whole big file. */
static void read_all(int fd, int type, int prot, const char *what)
{
    volatile char *m = mmap(NULL, BIG, prot, type, fd, 0);
    if (m == MAP_FAILED) {
        printf("%s: mmap %s\n", what, errname(errno));
        return;
    }
    unsigned long nonzero = 0;
    for (unsigned long off = 0; off < BIG; off += PG)
        nonzero += m[off] != 0 || m[off + PG - 1] != 0;
    printf("%s: pages read %lu, nonzero %lu\n", what, BIG / PG, nonzero);
    printf("  blocks of the file after the reads: %ld\n", blocks(fd));
    munmap((void *)m, BIG);
}

static char byte_at(int fd, off_t off)
{
    char c = '?';
    pread(fd, &c, 1, off);
    return c ? c : '0';
}

static char show(char c) { return c ? c : '0'; }

int main(void)
{
    conf_workdir("mmap_holes");
    int fd = open("sparse", O_RDWR | O_CREAT, 0600);
    CHECK("ftruncate to 512 MiB", ftruncate(fd, BIG) == 0);
    printf("blocks of the sparse file: %ld\n", blocks(fd));
    read_all(fd, MAP_SHARED, PROT_READ | PROT_WRITE, "MAP_SHARED holes");
    /* read-only: a writable private mapping would be committed memory,
     * more than the harness's guest has */
    read_all(fd, MAP_PRIVATE, PROT_READ, "MAP_PRIVATE holes");
    close(fd);
    unlink("sparse");

    fd = open("small", O_RDWR | O_CREAT, 0600);
    ftruncate(fd, 4 * PG);
    char *s = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *s2 = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("three mappings", s != MAP_FAILED && s2 != MAP_FAILED && p != MAP_FAILED);
    for (int i = 0; i < 4; i++)
        printf("page %d reads: shared %c %c, private %c\n", i, show(s[i * PG]),
               show(s2[i * PG]), show(p[i * PG]));

    s[0] = 'S';                       /* shared store into a hole read before */
    printf("after a shared store to page 0: file %c, other shared %c, private %c\n",
           byte_at(fd, 0), show(s2[0]), show(p[0]));
    p[PG] = 'P';                      /* private store */
    printf("after a private store to page 1: file %c, shared %c %c, private %c\n",
           byte_at(fd, PG), show(s[PG]), show(s2[PG]), show(p[PG]));
    CHECK("pwrite into page 2", pwrite(fd, "W", 1, 2 * PG) == 1);
    printf("after pwrite to page 2: shared %c %c, private %c\n", show(s[2 * PG]),
           show(s2[2 * PG]), show(p[2 * PG]));
    s2[3 * PG + 5] = 'T';
    printf("after a store through the other shared mapping to page 3: shared %c, private %c, file %c\n",
           show(s[3 * PG + 5]), show(p[3 * PG + 5]), byte_at(fd, 3 * PG + 5));
    p[3 * PG] = 'Q';                  /* a private copy of a page the file has */
    printf("private copy of page 3 keeps the file's byte: %c, shared sees %c\n",
           show(p[3 * PG + 5]), show(s[3 * PG]));

    /* mprotect keeps a hole's page read-only until it is written */
    ftruncate(fd, 6 * PG);
    char *t = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 4 * PG);
    printf("new hole reads %c\n", show(t[0]));
    CHECK("mprotect it writable", mprotect(t, 2 * PG, PROT_READ | PROT_WRITE) == 0);
    t[1] = 'M';
    printf("after a store: file %c\n", byte_at(fd, 4 * PG + 1));
    munmap(t, 2 * PG);
    munmap(s, 4 * PG);
    munmap(s2, 4 * PG);
    munmap(p, 4 * PG);
    close(fd);
    return 0;
}
