/* MAP_SHARED file mappings (as HotSpot's perf data in /tmp): both directions. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    conf_workdir("mmap_shared_file");
    int fd = open("shared", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK_RET("ftruncate to 2 pages", ftruncate(fd, 2 * PG), 0);
    char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("mmap shared", m != MAP_FAILED);
    CHECK("new file maps as zeros", m[0] == 0 && m[2 * PG - 1] == 0);

    /* store through the mapping, read with read() */
    memcpy(m, "through mapping", 15);
    memcpy(m + PG + 10, "page two", 8);
    char buf[32] = {0};
    CHECK_RET("pread sees mapping store", pread(fd, buf, 15, 0), 15);
    printf("file: [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 8, PG + 10);
    printf("file page 2: [%s]\n", buf);

    /* write() is seen through the mapping */
    CHECK_RET("pwrite", pwrite(fd, "WRITTEN", 7, 100), 7);
    printf("mapping: [%.7s]\n", m + 100);

    /* a second shared mapping of the same file aliases the first */
    char *m2 = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    m2[200] = 'Q';
    CHECK("second shared mapping aliases", m[200] == 'Q');
    m[201] = 'R';
    CHECK("and back", m2[201] == 'R');
    munmap(m2, PG);
    /* a private mapping made now sees the shared data */
    char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("private sees: [%.15s]\n", p);
    munmap(p, PG);
    conf_print_maps_range("shared mapping", m, 2 * PG);

    /* data stays in the file after munmap and close */
    CHECK_RET("munmap", munmap(m, 2 * PG), 0);
    close(fd);
    fd = open("shared", O_RDONLY);
    memset(buf, 0, sizeof buf);
    read(fd, buf, 15);
    printf("after munmap: [%s]\n", buf);
    close(fd);

    /* a read-only shared mapping of a read-only fd works */
    fd = open("shared", O_RDONLY);
    char *r = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("read-only shared mapping", r != MAP_FAILED && r[0] == 't');
    CHECK_ERRNO("mprotect it writable", mprotect(r, PG, PROT_READ | PROT_WRITE), EACCES);
    munmap(r, PG);
    close(fd);
    return 0;
}
