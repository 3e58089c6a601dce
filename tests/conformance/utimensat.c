/* utimensat, futimens, utimes, futimesat and utime: set times, UTIME_NOW
 * and UTIME_OMIT, a symlink itself with AT_SYMLINK_NOFOLLOW, and Linux's
 * errors in Linux's order (what Files.setLastModifiedTime asks). glibc's
 * utimes and utime call utimensat: the system calls are called raw. */
#include "conf.h"
#include <utime.h>
#include <sys/time.h>

static struct stat st(const char *path)
{
    struct stat s;
    memset(&s, 0, sizeof s);
    lstat(path, &s);
    return s;
}

static int utimensat_raw(int dirfd, const char *path, const struct timespec *t, int flags)
{
    return (int)syscall(SYS_utimensat, dirfd, path, t, flags);
}

int main(void)
{
    conf_workdir("utimensat");
    conf_write_file("f", "x", 1);
    struct timespec t[2] = { { 1000000000, 123456789 }, { 2000000000, 987654321 } };
    struct stat before = st("f");
    CHECK_RET("utimensat sets both", utimensat(AT_FDCWD, "f", t, 0), 0);
    struct stat s = st("f");
    CHECK("atime set", s.st_atim.tv_sec == 1000000000 && s.st_atim.tv_nsec == 123456789);
    CHECK("mtime set", s.st_mtim.tv_sec == 2000000000 && s.st_mtim.tv_nsec == 987654321);
    CHECK("ctime not older", s.st_ctim.tv_sec >= before.st_ctim.tv_sec);

    struct timespec omit_a[2] = { { 5, UTIME_OMIT }, { 3000000000, 0 } };
    CHECK_RET("atime UTIME_OMIT", utimensat(AT_FDCWD, "f", omit_a, 0), 0);
    s = st("f");
    CHECK("atime kept", s.st_atim.tv_sec == 1000000000 && s.st_atim.tv_nsec == 123456789);
    CHECK("mtime 3e9", s.st_mtim.tv_sec == 3000000000 && s.st_mtim.tv_nsec == 0);

    struct timespec now_m[2] = { { 7, 0 }, { 0, UTIME_NOW } };
    CHECK_RET("mtime UTIME_NOW", utimensat(AT_FDCWD, "f", now_m, 0), 0);
    s = st("f");
    CHECK("atime 7", s.st_atim.tv_sec == 7 && s.st_atim.tv_nsec == 0);
    CHECK("mtime now (not before the ctime)", s.st_mtim.tv_sec == s.st_ctim.tv_sec &&
          s.st_mtim.tv_nsec == s.st_ctim.tv_nsec);

    CHECK_RET("NULL times", utimensat(AT_FDCWD, "f", NULL, 0), 0);
    s = st("f");
    CHECK("both now", s.st_atim.tv_sec == s.st_mtim.tv_sec && s.st_atim.tv_nsec == s.st_mtim.tv_nsec &&
          s.st_mtim.tv_sec > 3000000000 - 3000000000 + 1600000000);

    struct timespec old[2] = { { -1, 0 }, { 0, 0 } };
    CHECK_RET("times before 1970", utimensat(AT_FDCWD, "f", old, 0), 0);
    s = st("f");
    CHECK("atime -1", s.st_atim.tv_sec == -1);
    CHECK("mtime 0", s.st_mtim.tv_sec == 0 && s.st_mtim.tv_nsec == 0);

    /* futimens: a NULL path with a descriptor */
    int fd = open("f", O_RDONLY);
    struct timespec ft[2] = { { 11, 1 }, { 22, 2 } };
    CHECK_RET("futimens", futimens(fd, ft), 0);
    s = st("f");
    CHECK("futimens times", s.st_atim.tv_sec == 11 && s.st_atim.tv_nsec == 1 &&
          s.st_mtim.tv_sec == 22 && s.st_mtim.tv_nsec == 2);
    CHECK_ERRNO("NULL path with flags", utimensat_raw(fd, NULL, ft, AT_SYMLINK_NOFOLLOW), EINVAL);
    CHECK_ERRNO("NULL path, bad fd", utimensat_raw(999, NULL, ft, 0), EBADF);
    CHECK_ERRNO("NULL path, AT_FDCWD", utimensat_raw(AT_FDCWD, NULL, ft, 0), EFAULT);
    CHECK_ERRNO("NULL path, AT_FDCWD, AT_EMPTY_PATH", utimensat_raw(AT_FDCWD, NULL, ft, AT_EMPTY_PATH), EFAULT);
    int pfd = open("f", O_PATH);
    CHECK_ERRNO("NULL path, O_PATH fd", utimensat_raw(pfd, NULL, ft, 0), EBADF);
    struct timespec et[2] = { { 33, 0 }, { 44, 0 } };
    CHECK_RET("empty path with AT_EMPTY_PATH on an O_PATH fd",
              utimensat(pfd, "", et, AT_EMPTY_PATH), 0);
    CHECK("AT_EMPTY_PATH times", st("f").st_mtim.tv_sec == 44);
    CHECK_ERRNO("empty path without AT_EMPTY_PATH", utimensat(pfd, "", et, 0), ENOENT);
    close(pfd);

    /* a descriptor of a directory and a relative path */
    mkdir("d", 0755);
    conf_write_file("d/g", "y", 1);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_RET("relative to a directory fd", utimensat(dfd, "g", et, 0), 0);
    CHECK("d/g mtime", st("d/g").st_mtim.tv_sec == 44);
    CHECK_ERRNO("relative to a file fd", utimensat(fd, "g", et, 0), ENOTDIR);
    close(dfd);

    /* symlinks: followed, unless AT_SYMLINK_NOFOLLOW */
    symlink("f", "l");
    struct timespec lt[2] = { { 55, 0 }, { 66, 0 } };
    CHECK_RET("through a symlink", utimensat(AT_FDCWD, "l", lt, 0), 0);
    CHECK("target changed", st("f").st_mtim.tv_sec == 66);
    CHECK("link itself unchanged", st("l").st_mtim.tv_sec != 66);
    struct timespec nt[2] = { { 77, 0 }, { 88, 0 } };
    CHECK_RET("AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "l", nt, AT_SYMLINK_NOFOLLOW), 0);
    CHECK("link itself changed", st("l").st_mtim.tv_sec == 88);
    CHECK("target kept", st("f").st_mtim.tv_sec == 66);
    symlink("missing", "dangling");
    CHECK_ERRNO("dangling symlink", utimensat(AT_FDCWD, "dangling", nt, 0), ENOENT);

    /* errors */
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    CHECK_ERRNO("nsec 1e9", utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
    bad[0].tv_nsec = -1;
    CHECK_ERRNO("nsec -1", utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
    CHECK_ERRNO("bad nsec, missing file", utimensat(AT_FDCWD, "missing", bad, 0), ENOENT);
    CHECK_ERRNO("bad flags", utimensat(AT_FDCWD, "f", t, 0x8000), EINVAL);
    CHECK_ERRNO("missing file", utimensat(AT_FDCWD, "missing", t, 0), ENOENT);
    CHECK_ERRNO("missing directory", utimensat(AT_FDCWD, "nodir/f", t, 0), ENOENT);
    CHECK_ERRNO("through a file", utimensat(AT_FDCWD, "f/x", t, 0), ENOTDIR);
    CHECK_ERRNO("bad dirfd", utimensat(999, "f", t, 0), EBADF);
    CHECK_ERRNO("bad times pointer", utimensat_raw(AT_FDCWD, "f", (void *)8, 0), EFAULT);
    CHECK_ERRNO("bad path pointer", utimensat_raw(AT_FDCWD, (void *)8, t, 0), EFAULT);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    CHECK_RET("both UTIME_OMIT, missing file: nothing checked",
              utimensat(AT_FDCWD, "missing", omit, 0), 0);
    CHECK_RET("both UTIME_OMIT, bad fd", utimensat_raw(999, NULL, omit, 0), 0);

    /* utimes, futimesat, utime */
    struct timeval tv[2] = { { 100, 5 }, { 200, 6 } };
    CHECK_RET("utimes", syscall(SYS_utimes, "f", tv), 0);
    s = st("f");
    CHECK("utimes microseconds", s.st_atim.tv_sec == 100 && s.st_atim.tv_nsec == 5000 &&
          s.st_mtim.tv_sec == 200 && s.st_mtim.tv_nsec == 6000);
    struct timeval badtv[2] = { { 1, 1000000 }, { 2, 0 } };
    CHECK_ERRNO("utimes usec 1e6", syscall(SYS_utimes, "f", badtv), EINVAL);
    CHECK_ERRNO("utimes usec 1e6, missing file", syscall(SYS_utimes, "missing", badtv), EINVAL);
    CHECK_ERRNO("utimes missing file", syscall(SYS_utimes, "missing", tv), ENOENT);
    CHECK_RET("utimes NULL", syscall(SYS_utimes, "f", NULL), 0);
    CHECK("utimes NULL is now", st("f").st_mtim.tv_sec > 1600000000);
    dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_RET("futimesat", syscall(SYS_futimesat, dfd, "g", tv), 0);
    CHECK("futimesat mtime", st("d/g").st_mtim.tv_sec == 200);
    CHECK_RET("futimesat NULL path = the fd", syscall(SYS_futimesat, fd, NULL, tv), 0);
    close(dfd);
    struct utimbuf ub = { 300, 400 };
    CHECK_RET("utime", syscall(SYS_utime, "f", &ub), 0);
    s = st("f");
    CHECK("utime times", s.st_atim.tv_sec == 300 && s.st_mtim.tv_sec == 400 &&
          s.st_mtim.tv_nsec == 0);
    CHECK_RET("utime NULL", syscall(SYS_utime, "f", NULL), 0);
    CHECK("utime NULL is now", st("f").st_mtim.tv_sec > 1600000000);
    CHECK_ERRNO("utime bad pointer", syscall(SYS_utime, "f", (void *)8), EFAULT);
    CHECK_ERRNO("utime missing", syscall(SYS_utime, "missing", &ub), ENOENT);

    /* a directory's times */
    CHECK_RET("directory", utimensat(AT_FDCWD, "d", t, 0), 0);
    CHECK("directory mtime", st("d").st_mtim.tv_sec == 2000000000);
    close(fd);
    return 0;
}
