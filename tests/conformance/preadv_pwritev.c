/* preadv, pwritev, preadv2, pwritev2: scatter/gather at an offset that the
 * file position keeps out of, -1 in the v2 calls for the file position,
 * RWF_ flags, and Linux's errors in Linux's order; readv's order too. */
#include "conf.h"
#include <sys/uio.h>

#define BAD_RWF (1 << 30)

static long preadv2_raw(int fd, const struct iovec *v, int n, long off, int flags)
{
    return syscall(SYS_preadv2, fd, v, n, off, 0L, flags);
}

static long pwritev2_raw(int fd, const struct iovec *v, int n, long off, int flags)
{
    return syscall(SYS_pwritev2, fd, v, n, off, 0L, flags);
}

static long offset(int fd)
{
    return (long)lseek(fd, 0, SEEK_CUR);
}

int main(void)
{
    conf_workdir("preadv_pwritev");
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    struct iovec w[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
    CHECK_RET("pwritev of 3 buffers at 4", pwritev(fd, w, 3, 4), 8);
    CHECK("position unmoved", offset(fd) == 0);
    char all[16] = { 0 };
    CHECK("hole then data", pread(fd, all, sizeof all, 0) == 12 &&
          !memcmp(all, "\0\0\0\0abcdefgh", 12));
    char a[2], b[5];
    struct iovec r[2] = { { a, 2 }, { b, 5 } };
    CHECK_RET("preadv at 5", preadv(fd, r, 2, 5), 7);
    CHECK("scattered", !memcmp(a, "bc", 2) && !memcmp(b, "defgh", 5));
    CHECK_RET("preadv at 10: short", preadv(fd, r, 2, 10), 2);
    CHECK_RET("preadv at the end", preadv(fd, r, 2, 12), 0);
    CHECK_RET("preadv past the end", preadv(fd, r, 2, 100), 0);
    CHECK_RET("preadv of no buffers", preadv(fd, r, 0, 0), 0);
    CHECK("position still 0", offset(fd) == 0);

    lseek(fd, 6, SEEK_SET);
    CHECK_RET("preadv2 at -1: the position", preadv2_raw(fd, r, 2, -1, 0), 6);
    CHECK("it moved to 12", offset(fd) == 12);
    CHECK("from the position", !memcmp(a, "cd", 2) && !memcmp(b, "efgh", 4));
    struct iovec w2[1] = { { "XY", 2 } };
    CHECK_RET("pwritev2 at -1: appends at the position", pwritev2_raw(fd, w2, 1, -1, 0), 2);
    CHECK("position 14", offset(fd) == 14);
    CHECK_RET("pwritev2 at 0", pwritev2_raw(fd, w2, 1, 0, 0), 2);
    CHECK("position kept", offset(fd) == 14);
    CHECK_RET("preadv2 RWF_HIPRI", preadv2_raw(fd, r, 1, 0, RWF_HIPRI), 2);
    CHECK_RET("pwritev2 RWF_DSYNC", pwritev2_raw(fd, w2, 1, 2, RWF_DSYNC), 2);
    CHECK_RET("pwritev2 RWF_SYNC", pwritev2_raw(fd, w2, 1, 2, RWF_SYNC), 2);
    memset(all, 0, sizeof all);
    CHECK("contents", pread(fd, all, sizeof all, 0) == 14 && !memcmp(all, "XYXY", 4) &&
          !memcmp(all + 12, "XY", 2));

    /* errors, in Linux's order */
    CHECK_ERRNO("unknown RWF flag", preadv2_raw(fd, r, 1, 0, BAD_RWF), EOPNOTSUPP);
    CHECK_ERRNO("unknown RWF flag, writing", pwritev2_raw(fd, w2, 1, 0, BAD_RWF), EOPNOTSUPP);
    struct iovec none = { a, 0 };
    CHECK_RET("unknown flag, nothing to read", preadv2_raw(fd, &none, 1, 0, BAD_RWF), 0);
    CHECK_ERRNO("negative offset", preadv(fd, r, 1, -5), EINVAL);
    CHECK_ERRNO("offset -2 in v2", preadv2_raw(fd, r, 1, -2, 0), EINVAL);
    CHECK_ERRNO("negative offset before a bad fd", syscall(SYS_preadv, 999, r, 1, -5L, 0L), EINVAL);
    CHECK_ERRNO("bad fd", preadv(999, r, 1, 0), EBADF);
    CHECK_ERRNO("bad fd before a bad iovec", syscall(SYS_preadv, 999, (void *)8, 1, 0L, 0L), EBADF);
    CHECK_ERRNO("bad iovec", syscall(SYS_preadv, fd, (void *)8, 1, 0L, 0L), EFAULT);
    CHECK_ERRNO("bad buffer", preadv(fd, (struct iovec[]){ { (void *)8, 4 } }, 1, 0), EFAULT);
    CHECK_ERRNO("1025 buffers", syscall(SYS_preadv, fd, r, 1025, 0L, 0L), EINVAL);
    CHECK_ERRNO("1025 buffers, unknown flag", preadv2_raw(fd, r, 1025, 0, BAD_RWF), EINVAL);
    int wo = open("f", O_WRONLY), ro = open("f", O_RDONLY);
    CHECK_ERRNO("preadv of a write-only fd, bad iovec", syscall(SYS_preadv, wo, (void *)8, 1, 0L, 0L), EBADF);
    CHECK_ERRNO("preadv of a write-only fd, 1025 buffers", syscall(SYS_preadv, wo, r, 1025, 0L, 0L), EBADF);
    CHECK_ERRNO("pwritev of a read-only fd", pwritev(ro, w2, 1, 0), EBADF);
    CHECK_ERRNO("pwritev2 of a read-only fd, unknown flag", pwritev2_raw(ro, w2, 1, 0, BAD_RWF), EBADF);
    CHECK_ERRNO("readv bad fd before a bad iovec", syscall(SYS_readv, 999, (void *)8, 1), EBADF);
    CHECK_ERRNO("readv of a write-only fd, bad iovec", syscall(SYS_readv, wo, (void *)8, 1), EBADF);
    CHECK_ERRNO("writev of a read-only fd, 1025 buffers", syscall(SYS_writev, ro, w2, 1025), EBADF);
    close(wo);
    close(ro);

    int p[2];
    pipe(p);
    CHECK_ERRNO("preadv of a pipe", preadv(p[0], r, 1, 0), ESPIPE);
    CHECK_ERRNO("pwritev of a pipe", pwritev(p[1], w2, 1, 0), ESPIPE);
    CHECK_ERRNO("pipe before a bad iovec", syscall(SYS_preadv, p[0], (void *)8, 1, 0L, 0L), ESPIPE);
    CHECK_ERRNO("negative offset before a pipe", syscall(SYS_preadv, p[0], r, 1, -5L, 0L), EINVAL);
    CHECK_RET("pwritev2 at -1 to a pipe", pwritev2_raw(p[1], w2, 1, -1, 0), 2);
    CHECK_RET("preadv2 at -1 from a pipe", preadv2_raw(p[0], r, 1, -1, 0), 2);
    CHECK("pipe data", !memcmp(a, "XY", 2));
    CHECK_ERRNO("pipe at -1, unknown flag", preadv2_raw(p[0], r, 1, -1, BAD_RWF), EOPNOTSUPP);
    mkdir("d", 0755);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("preadv of a directory", preadv(dfd, r, 1, 0), EISDIR);
    close(dfd);
    close(fd);
    return 0;
}
