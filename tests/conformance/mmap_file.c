/* MAP_PRIVATE file mappings: contents, copy-on-write, offsets, EOF, errors. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

int main(void)
{
    conf_workdir("mmap_file");
    char *data = malloc(3 * PG);
    for (size_t i = 0; i < 3 * PG; i++)
        data[i] = 'a' + (i / PG);
    memcpy(data, "HEADER", 6);
    conf_write_file("f", data, 2 * PG + 100); /* two full pages and 100 bytes */

    int fd = open("f", O_RDWR);
    char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("mmap private file", m != MAP_FAILED);
    printf("start: [%.6s] page1: %c page2: %c\n", m, m[PG], m[2 * PG]);
    CHECK("last byte of file", m[2 * PG + 99] == 'c');
    int zero = 1;
    for (size_t i = 2 * PG + 100; i < 3 * PG; i++)
        if (m[i])
            zero = 0;
    CHECK("rest of the last page is zero", zero);

    /* writes go to a private copy, not the file */
    memcpy(m, "CHANGE", 6);
    m[2 * PG + 200] = 'Z';
    printf("mapping now: [%.6s]\n", m);
    char buf[16] = {0};
    pread(fd, buf, 6, 0);
    printf("file still: [%s]\n", buf);
    struct stat st;
    fstat(fd, &st);
    printf("file size unchanged: %lld\n", (long long)st.st_size);
    /* a second private mapping sees the file, not the first one's copy */
    char *m2 = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("second mapping: [%.6s]\n", m2);
    munmap(m2, PG);

    /* an offset maps later pages */
    char *o = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK("mmap at offset 1 page", o != MAP_FAILED && o[0] == 'b' && o[PG - 1] == 'b');
    conf_print_maps_range("offset mapping", o, PG);
    munmap(o, PG);
    conf_print_maps_range("private mapping", m, 3 * PG);

    /* the mapping outlives close() and unlink() */
    close(fd);
    unlink("f");
    CHECK("mapping usable after close+unlink", m[PG] == 'b' && m[0] == 'C');
    munmap(m, 3 * PG);

    /* read-only fd: private writable mapping is fine, shared writable is not */
    conf_write_file("g", data, PG);
    fd = open("g", O_RDONLY);
    char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("private rw mapping of O_RDONLY fd", p != MAP_FAILED);
    p[0] = 'x';
    CHECK("private copy written", p[0] == 'x');
    munmap(p, PG);
    CHECK_ERRNO("shared rw mapping of O_RDONLY fd", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
    CHECK_ERRNO("unaligned offset", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
    close(fd);
    fd = open("g", O_WRONLY);
    CHECK_ERRNO("mapping an O_WRONLY fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
    close(fd);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("mapping a directory", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0), ENODEV);
    close(fd);
    int pp[2];
    pipe(pp);
    CHECK_ERRNO("mapping a pipe", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, pp[0], 0), ENODEV);

    /* mapping the running executable read-only: ELF magic */
    fd = open("/proc/self/exe", O_RDONLY);
    unsigned char *e = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("executable starts with ELF magic", e != MAP_FAILED && e[0] == 0x7f && e[1] == 'E' && e[2] == 'L' && e[3] == 'F');
    close(fd);
    free(data);
    return 0;
}
