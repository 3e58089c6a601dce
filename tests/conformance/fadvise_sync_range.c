/* posix_fadvise (fadvise64) and sync_file_range: hints and write-back that
 * change nothing a program sees, with Linux's checks and errors. */
#include "conf.h"
#include <sys/socket.h>

static long fadv(int fd, long off, long len, int advice)
{
    return syscall(SYS_fadvise64, fd, off, len, advice);
}

static long sfr(int fd, long off, long n, unsigned flags)
{
    return syscall(SYS_sync_file_range, fd, off, n, flags);
}

int main(void)
{
    conf_workdir("fadvise_sync_range");
    conf_write_file("f", "data", 4);
    int fd = open("f", O_RDWR);
    const char *names[] = { "NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED", "NOREUSE" };
    char name[64];
    for (int a = 0; a <= 5; a++) {
        snprintf(name, sizeof name, "fadvise %s", names[a]);
        CHECK_RET(name, fadv(fd, 0, 0, a), 0);
    }
    CHECK_RET("fadvise at a large offset", fadv(fd, 1L << 40, 4096, POSIX_FADV_WILLNEED), 0);
    CHECK_RET("fadvise at a negative offset", fadv(fd, -4096, 4096, POSIX_FADV_DONTNEED), 0);
    char b[4];
    CHECK("data kept", pread(fd, b, 4, 0) == 4 && !memcmp(b, "data", 4));
    CHECK_ERRNO("fadvise 6", fadv(fd, 0, 0, 6), EINVAL);
    CHECK_ERRNO("fadvise 7", fadv(fd, 0, 0, 7), EINVAL);
    CHECK_ERRNO("fadvise -1", fadv(fd, 0, 0, -1), EINVAL);
    CHECK_ERRNO("fadvise negative length", fadv(fd, 0, -1, POSIX_FADV_NORMAL), EINVAL);
    CHECK_ERRNO("fadvise bad fd", fadv(999, 0, 0, POSIX_FADV_NORMAL), EBADF);
    CHECK_ERRNO("fadvise bad fd, bad advice", fadv(999, 0, 0, 77), EBADF);
    int po = open("f", O_PATH);
    CHECK_ERRNO("fadvise O_PATH fd", fadv(po, 0, 0, POSIX_FADV_NORMAL), EBADF);
    int ro = open("f", O_RDONLY);
    CHECK_RET("fadvise read-only fd", fadv(ro, 0, 0, POSIX_FADV_SEQUENTIAL), 0);
    mkdir("d", 0755);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_RET("fadvise directory", fadv(dfd, 0, 0, POSIX_FADV_NORMAL), 0);
    int p[2];
    pipe(p);
    CHECK_ERRNO("fadvise pipe", fadv(p[0], 0, 0, POSIX_FADV_NORMAL), ESPIPE);
    CHECK_ERRNO("fadvise pipe, bad advice", fadv(p[0], 0, 0, 77), ESPIPE);
    CHECK_RETERR("posix_fadvise returns the error", posix_fadvise(p[0], 0, 0, 0), ESPIPE);

    CHECK_RET("sync_file_range no flags", sfr(fd, 0, 0, 0), 0);
    CHECK_RET("sync_file_range all flags", sfr(fd, 0, 4096, 7), 0);
    CHECK_RET("sync_file_range read-only fd", sfr(ro, 0, 0, 2), 0);
    CHECK_RET("sync_file_range directory", sfr(dfd, 0, 0, 2), 0);
    CHECK_ERRNO("sync_file_range bad flag", sfr(fd, 0, 0, 8), EINVAL);
    CHECK_ERRNO("sync_file_range negative offset", sfr(fd, -1, 0, 0), EINVAL);
    CHECK_ERRNO("sync_file_range negative length", sfr(fd, 0, -1, 0), EINVAL);
    CHECK_ERRNO("sync_file_range wrapping", sfr(fd, 1L << 62, 3L << 61, 0), EINVAL);
    CHECK_ERRNO("sync_file_range bad fd", sfr(999, 0, 0, 0), EBADF);
    CHECK_ERRNO("sync_file_range bad fd, bad flag", sfr(999, 0, 0, 8), EBADF);
    CHECK_ERRNO("sync_file_range O_PATH fd", sfr(po, 0, 0, 0), EBADF);
    CHECK_ERRNO("sync_file_range pipe", sfr(p[0], 0, 0, 0), ESPIPE);
    CHECK_ERRNO("sync_file_range pipe, bad flag", sfr(p[0], 0, 0, 8), EINVAL);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK_ERRNO("sync_file_range socket", sfr(sv[0], 0, 0, 0), ESPIPE);
    return 0;
}
