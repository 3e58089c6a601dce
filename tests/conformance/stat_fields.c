/* stat, lstat, fstat, newfstatat, statx: the deterministic fields. */
#include "conf.h"
#include <sys/sysmacros.h>
#include <time.h>

static const char *ftype(mode_t m)
{
    if (S_ISREG(m)) return "regular";
    if (S_ISDIR(m)) return "directory";
    if (S_ISLNK(m)) return "symlink";
    if (S_ISCHR(m)) return "char device";
    if (S_ISBLK(m)) return "block device";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    return "?";
}

int main(void)
{
    conf_workdir("stat_fields");
    struct timespec t0;
    clock_gettime(CLOCK_REALTIME, &t0);
    char data[10000];
    memset(data, 'd', sizeof data);
    conf_write_file("f", data, sizeof data);
    mkdir("dir", 0700);

    struct stat st, st2;
    CHECK_RET("stat file", stat("f", &st), 0);
    printf("file: type %s, size %lld, nlink %ld, owner bits %o, blksize>0 %s, uid==getuid %s\n",
           ftype(st.st_mode), (long long)st.st_size, (long)st.st_nlink, st.st_mode & 0700,
           st.st_blksize > 0 ? "yes" : "no", st.st_uid == getuid() ? "yes" : "no");
    printf("file: gid==getgid %s, rdev 0 %s, blocks>0 %s\n",
           st.st_gid == getgid() ? "yes" : "no", st.st_rdev == 0 ? "yes" : "no",
           st.st_blocks > 0 ? "yes" : "no");
    CHECK("mtime recent", st.st_mtim.tv_sec >= t0.tv_sec - 2 && st.st_mtim.tv_sec <= t0.tv_sec + 60);
    CHECK("ctime recent", st.st_ctim.tv_sec >= t0.tv_sec - 2 && st.st_ctim.tv_sec <= t0.tv_sec + 60);
    CHECK("nsec in range", st.st_mtim.tv_nsec >= 0 && st.st_mtim.tv_nsec < 1000000000);

    int fd = open("f", O_RDONLY);
    CHECK_RET("fstat", fstat(fd, &st2), 0);
    CHECK("fstat == stat (dev, ino, size, mode)",
          st.st_dev == st2.st_dev && st.st_ino == st2.st_ino && st.st_size == st2.st_size &&
          st.st_mode == st2.st_mode);
    CHECK_RET("lstat regular file", lstat("f", &st2), 0);
    CHECK("lstat == stat", st.st_ino == st2.st_ino && st.st_mode == st2.st_mode);
    CHECK_RET("newfstatat AT_FDCWD", fstatat(AT_FDCWD, "f", &st2, 0), 0);
    CHECK("newfstatat == stat", st.st_ino == st2.st_ino);
    CHECK_RET("newfstatat AT_EMPTY_PATH", fstatat(fd, "", &st2, AT_EMPTY_PATH), 0);
    CHECK("AT_EMPTY_PATH == stat", st.st_ino == st2.st_ino);
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_RET("newfstatat relative to dirfd", fstatat(dfd, "f", &st2, 0), 0);
    CHECK("dirfd-relative == stat", st.st_ino == st2.st_ino);
    CHECK_ERRNO("newfstatat bad flags", fstatat(dfd, "f", &st2, 0x12345678), EINVAL);
    CHECK_ERRNO("newfstatat empty path without AT_EMPTY_PATH", fstatat(fd, "", &st2, 0), ENOENT);
    /* a write changes size; distinct files have distinct inodes */
    write(open("f", O_WRONLY | O_APPEND), "more", 4);
    fstat(fd, &st2);
    printf("size after append: %lld\n", (long long)st2.st_size);
    conf_write_file("g", "", 0);
    stat("g", &st2);
    printf("empty file size %lld, distinct inode %s, same dev %s\n", (long long)st2.st_size,
           st2.st_ino != st.st_ino ? "yes" : "no", st2.st_dev == st.st_dev ? "yes" : "no");

    CHECK_RET("stat dir", stat("dir", &st), 0);
    printf("dir: type %s, nlink %ld, owner bits %o\n", ftype(st.st_mode), (long)st.st_nlink,
           st.st_mode & 0700);
    stat("/tmp", &st);
    printf("/tmp: type %s, sticky %s, mode %o\n", ftype(st.st_mode),
           (st.st_mode & S_ISVTX) ? "yes" : "no", st.st_mode & 0777);
    stat("/", &st);
    printf("/: type %s\n", ftype(st.st_mode));
    stat("/", &st);
    stat("/..", &st2);
    CHECK("/.. is /", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);

    /* device files: Linux's fixed numbers */
    const char *devs[] = {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/tty"};
    for (unsigned i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        if (stat(devs[i], &st) != 0) {
            printf("%s: stat failed (errno %s)\n", devs[i], errname(errno));
            continue;
        }
        printf("%s: type %s, rdev %u:%u, mode %o\n", devs[i], ftype(st.st_mode),
               major(st.st_rdev), minor(st.st_rdev), st.st_mode & 0777);
    }
    /* /proc/self/exe is a symlink to a regular file */
    CHECK_RET("lstat /proc/self/exe", lstat("/proc/self/exe", &st), 0);
    printf("/proc/self/exe lstat type: %s\n", ftype(st.st_mode));
    CHECK_RET("stat /proc/self/exe", stat("/proc/self/exe", &st), 0);
    printf("/proc/self/exe stat type: %s, executable by owner %s\n", ftype(st.st_mode),
           (st.st_mode & S_IXUSR) ? "yes" : "no");
    CHECK_RET("newfstatat AT_SYMLINK_NOFOLLOW", fstatat(AT_FDCWD, "/proc/self/exe", &st, AT_SYMLINK_NOFOLLOW), 0);
    printf("AT_SYMLINK_NOFOLLOW type: %s\n", ftype(st.st_mode));
    stat("/proc/self", &st);
    printf("/proc/self: type %s\n", ftype(st.st_mode));
    stat("/proc", &st);
    printf("/proc: type %s\n", ftype(st.st_mode));
    int p[2];
    pipe(p);
    fstat(p[0], &st);
    printf("pipe: type %s\n", ftype(st.st_mode));

    /* statx */
    struct statx sx;
    CHECK_RET("statx file", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx), 0);
    stat("f", &st);
    printf("statx: basic stats in mask %s, type %s, size %llu, nlink %u\n",
           (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS ? "yes" : "no",
           ftype(sx.stx_mode), (unsigned long long)sx.stx_size, sx.stx_nlink);
    CHECK("statx agrees with stat",
          sx.stx_ino == st.st_ino && sx.stx_mode == st.st_mode &&
          makedev(sx.stx_dev_major, sx.stx_dev_minor) == st.st_dev &&
          sx.stx_mtime.tv_sec == st.st_mtim.tv_sec && sx.stx_mtime.tv_nsec == st.st_mtim.tv_nsec &&
          sx.stx_blksize == (unsigned)st.st_blksize && sx.stx_blocks == (unsigned long long)st.st_blocks);
    CHECK_RET("statx AT_EMPTY_PATH", statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx), 0);
    CHECK("statx fd == stat", sx.stx_ino == st.st_ino);
    CHECK_RET("statx dir", statx(AT_FDCWD, "dir", 0, STATX_TYPE | STATX_MODE, &sx), 0);
    printf("statx dir type: %s\n", ftype(sx.stx_mode));
    CHECK_RET("statx /dev/null", statx(AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, &sx), 0);
    printf("statx /dev/null rdev %u:%u\n", sx.stx_rdev_major, sx.stx_rdev_minor);
    CHECK_RET("statx /proc/self/exe nofollow", statx(AT_FDCWD, "/proc/self/exe", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &sx), 0);
    printf("statx /proc/self/exe nofollow type: %s\n", ftype(sx.stx_mode));
    CHECK_ERRNO("statx missing", statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT);
    CHECK_ERRNO("statx reserved mask bit", statx(AT_FDCWD, "f", 0, 0x80000000u, &sx), EINVAL);
    CHECK_ERRNO("statx bad flags", statx(AT_FDCWD, "f", 0x40000000, STATX_BASIC_STATS, &sx), EINVAL);
    return 0;
}
