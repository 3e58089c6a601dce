/* fallocate: mode 0 and FALLOC_FL_KEEP_SIZE reserve blocks (st_blocks
 * grows, the size only without KEEP_SIZE), PUNCH_HOLE|KEEP_SIZE makes a
 * hole that reads zeros, also through mappings; Linux's checks of modes and
 * files. Only what ext4 and tmpfs (/tmp on a host, on eggos) share. */
#include "conf.h"
#include <sys/mman.h>

#define PG 4096L

static struct stat fst(int fd)
{
    struct stat s;
    memset(&s, 0, sizeof s);
    fstat(fd, &s);
    return s;
}

static long falloc(int fd, int mode, long off, long len)
{
    return syscall(SYS_fallocate, fd, mode, off, len);
}

int main(void)
{
    conf_workdir("fallocate");
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    CHECK_RET("mode 0, 8 KiB", falloc(fd, 0, 0, 2 * PG), 0);
    struct stat s = fst(fd);
    CHECK("size 8192", s.st_size == 2 * PG);
    CHECK("blocks held for it", s.st_blocks * 512 >= 2 * PG);
    char z[2 * PG];
    CHECK("reads zeros", pread(fd, z, sizeof z, 0) == 2 * PG && z[0] == 0 && z[2 * PG - 1] == 0);
    CHECK_RET("mode 0 inside: no change", falloc(fd, 0, 10, 100), 0);
    CHECK("size kept", fst(fd).st_size == 2 * PG);
    long blocks = fst(fd).st_blocks;
    CHECK_RET("KEEP_SIZE past the end", falloc(fd, FALLOC_FL_KEEP_SIZE, 2 * PG, 2 * PG), 0);
    s = fst(fd);
    CHECK("size kept", s.st_size == 2 * PG);
    CHECK("more blocks", s.st_blocks >= blocks + 2 * PG / 512);
    CHECK_RET("mode 0 from an unaligned offset", falloc(fd, 0, 5 * PG + 100, 10), 0);
    CHECK("size 5*4096+110", fst(fd).st_size == 5 * PG + 110);

    /* holes */
    char data[6 * PG];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    pwrite(fd, data, sizeof data, 0);
    char *m = mmap(NULL, 6 * PG, PROT_READ, MAP_SHARED, fd, 0);
    char *p = mmap(NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("mappings see the data", m[PG] == data[PG] && p[PG] == data[PG]);
    p[4 * PG] = '!';                     /* a private copy of page 4 */
    blocks = fst(fd).st_blocks;
    CHECK_RET("PUNCH_HOLE|KEEP_SIZE over pages 1-4 and a bit", falloc(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, PG - 10, 4 * PG + 20), 0);
    s = fst(fd);
    CHECK("size kept", s.st_size == 6 * PG);
    CHECK("4 pages fewer blocks", s.st_blocks == blocks - 4 * PG / 512);
    char back[6 * PG];
    pread(fd, back, sizeof back, 0);
    int zeros = 1;
    for (long i = PG - 10; i < 5 * PG + 10; i++)
        zeros &= back[i] == 0;
    CHECK("the hole reads zeros", zeros);
    CHECK("the edges kept", !memcmp(back, data, PG - 10) &&
          !memcmp(back + 5 * PG + 10, data + 5 * PG + 10, PG - 10));
    CHECK("the shared mapping sees the hole", m[PG - 10] == 0 && m[2 * PG] == 0 &&
          m[5 * PG + 9] == 0 && m[5 * PG + 10] == data[5 * PG + 10]);
    CHECK("the private mapping too", p[PG - 10] == 0 && p[2 * PG] == 0 && p[5 * PG] == 0);
    CHECK("its private copy stays", p[4 * PG] == '!' && p[4 * PG + 1] == data[4 * PG + 1]);
    CHECK_RET("a hole inside one page", falloc(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 5 * PG + 100, 10), 0);
    pread(fd, back, 20, 5 * PG + 95);
    CHECK("zeros there only", back[4] == data[5 * PG + 99] && back[5] == 0 && back[14] == 0 &&
          back[15] == data[5 * PG + 110]);
    CHECK_RET("a hole past the end", falloc(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100 * PG, PG), 0);
    CHECK("size still kept", fst(fd).st_size == 6 * PG);
    munmap(m, 6 * PG);
    munmap(p, 6 * PG);

    /* errors */
    CHECK_ERRNO("PUNCH_HOLE without KEEP_SIZE", falloc(fd, FALLOC_FL_PUNCH_HOLE, 0, PG), EOPNOTSUPP);
    CHECK_ERRNO("COLLAPSE_RANGE|KEEP_SIZE", falloc(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, PG), EOPNOTSUPP);
    CHECK_ERRNO("INSERT_RANGE|KEEP_SIZE", falloc(fd, FALLOC_FL_INSERT_RANGE | FALLOC_FL_KEEP_SIZE, 0, PG), EOPNOTSUPP);
    CHECK_ERRNO("PUNCH_HOLE|ZERO_RANGE", falloc(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, PG), EOPNOTSUPP);
    CHECK_ERRNO("unknown mode bit", falloc(fd, 0x1000, 0, PG), EOPNOTSUPP);
    CHECK_ERRNO("negative offset", falloc(fd, 0, -1, PG), EINVAL);
    CHECK_ERRNO("length 0", falloc(fd, 0, 0, 0), EINVAL);
    CHECK_ERRNO("negative length", falloc(fd, 0, 0, -1), EINVAL);
    CHECK_ERRNO("length 0, bad mode", falloc(fd, 0x1000, 0, 0), EINVAL);
    CHECK_ERRNO("wrapping range", falloc(fd, 0, 0x7fffffffffff0000L, 0x20000), EFBIG);
    CHECK_ERRNO("bad fd", falloc(999, 0, 0, PG), EBADF);
    CHECK_ERRNO("bad fd, bad mode", falloc(999, 0x1000, 0, PG), EBADF);
    CHECK_ERRNO("bad fd, length 0", falloc(999, 0, 0, 0), EBADF);
    int ro = open("f", O_RDONLY);
    CHECK_ERRNO("read-only fd", falloc(ro, 0, 0, PG), EBADF);
    CHECK_ERRNO("read-only fd, bad mode", falloc(ro, FALLOC_FL_PUNCH_HOLE, 0, PG), EOPNOTSUPP);
    int pfd[2];
    pipe(pfd);
    CHECK_ERRNO("pipe", falloc(pfd[1], 0, 0, PG), ESPIPE);
    mkdir("d", 0755);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("directory, read-only fd", falloc(dfd, 0, 0, PG), EBADF);
    int null = open("/dev/null", O_WRONLY);
    CHECK_ERRNO("a device", falloc(null, 0, 0, PG), ENODEV);
    CHECK_RETERR("posix_fallocate", posix_fallocate(fd, 0, 7 * PG), 0);
    CHECK("posix_fallocate size", fst(fd).st_size == 7 * PG);
    return 0;
}
