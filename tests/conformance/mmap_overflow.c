/* mmap's checks of length and offset before it looks for room (Linux's
 * do_mmap and file_mmap_ok): a misaligned offset or a zero length is
 * EINVAL, a length that rounds up to 0 or past the address space ENOMEM,
 * an offset whose page number plus the length's pages wraps EOVERFLOW, and
 * a file mapping that would reach past the largest file offset
 * (MAX_LFS_FILESIZE) EOVERFLOW. Raw syscalls: glibc checks the offset itself. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096UL

static long raw_mmap(unsigned long len, int flags, int fd, unsigned long off)
{
    return syscall(SYS_mmap, 0, len, PROT_READ, flags, fd, off);
}

static void try(const char *what, unsigned long len, int flags, int fd, unsigned long off)
{
    long r = raw_mmap(len, flags, fd, off);
    if (r == -1) {
        printf("%s: %s\n", what, errname(errno));
        return;
    }
    printf("%s: mapped\n", what);
    munmap((void *)r, len);
}

int main(void)
{
    conf_workdir("mmap_overflow");
    int fd = open("f", O_RDWR | O_CREAT, 0600);
    CHECK("ftruncate to 2 pages", ftruncate(fd, 2 * PG) == 0);
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;

    try("anon, offset not page aligned", PG, anon, -1, 1);
    try("file, offset not page aligned", PG, MAP_SHARED, fd, PG + 8);
    try("anon, length 0", 0, anon, -1, 0);
    try("file, length 0", 0, MAP_SHARED, fd, 0);
    try("anon, length rounds up to 0", -1UL, anon, -1, 0);
    try("file, length rounds up to 0", -PG + 1, MAP_SHARED, fd, 0);
    try("anon, length beyond the address space", 1UL << 62, anon, -1, 0);

    /* (off >> 12) + pages wraps at 2^64 pages: offsets are bytes, so no
     * byte offset wraps it; a length of 2^63 bytes with the last page
     * number would, but is ENOMEM first. What wraps in bytes does not. */
    try("anon, last page offset, 2 pages", 2 * PG, anon, -1, -PG);
    try("anon, offset 2^63, 1 page", PG, anon, -1, 1UL << 63);
    try("file, offset 2^63", PG, MAP_SHARED, fd, 1UL << 63);
    try("file, last page offset", PG, MAP_SHARED, fd, -PG);
    try("file, private, last page offset", PG, MAP_PRIVATE, fd, -PG);
    try("file, offset + length = 2^63", 2 * PG, MAP_SHARED, fd, (1UL << 63) - 2 * PG);
    try("file, offset + length just below 2^63", PG, MAP_SHARED, fd, (1UL << 63) - 2 * PG);
    try("file, page below 2^63, 2 pages", 2 * PG, MAP_PRIVATE, fd, (1UL << 63) - PG);
    try("file, offset past EOF, in range", PG, MAP_SHARED, fd, 16 * PG);

    /* A mapping far past EOF is allowed; touching it is SIGBUS (mmap_eof). */
    close(fd);
    return 0;
}
