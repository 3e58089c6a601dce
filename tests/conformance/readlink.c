/* readlink, readlinkat: /proc/self/exe, truncation, errors. */
#include "conf.h"

int main(int argc, char **argv)
{
    char buf[4096];
    memset(buf, 'X', sizeof buf);
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf);
    CHECK("readlink /proc/self/exe succeeds", n > 0);
    CHECK("no NUL appended", n > 0 && n < (ssize_t)sizeof buf && buf[n] == 'X');
    buf[n > 0 ? n : 0] = 0;
    CHECK("absolute path", buf[0] == '/');
    const char *base = strrchr(buf, '/');
    printf("basename: %s\n", base ? base + 1 : buf);

    /* truncation: returns bufsiz, no error */
    char small[4];
    CHECK_RET("readlink into 4 bytes", readlink("/proc/self/exe", small, sizeof small), 4);
    CHECK("truncated prefix", memcmp(small, buf, 4) == 0);
    CHECK_RET("readlink into 1 byte", readlink("/proc/self/exe", small, 1), 1);

    /* readlinkat with AT_FDCWD and with a directory fd */
    char buf2[4096];
    ssize_t n2 = readlinkat(AT_FDCWD, "/proc/self/exe", buf2, sizeof buf2);
    CHECK("readlinkat AT_FDCWD same", n2 == n && memcmp(buf, buf2, n) == 0);
    int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    n2 = readlinkat(dfd, "exe", buf2, sizeof buf2);
    CHECK("readlinkat relative to /proc/self same", n2 == n && memcmp(buf, buf2, n) == 0);
    CHECK_ERRNO("readlinkat bad dirfd", readlinkat(999, "exe", buf2, sizeof buf2), EBADF);
    /* the target is the running program: same inode as argv[0]'s file via exe */
    struct stat a, b;
    stat("/proc/self/exe", &a);
    stat(buf, &b);
    CHECK("link target is the executable", a.st_ino == b.st_ino && a.st_dev == b.st_dev);

    /* errors */
    conf_workdir("readlink");
    conf_write_file("regular", "x", 1);
    CHECK_ERRNO("readlink regular file", readlink("regular", buf, sizeof buf), EINVAL);
    CHECK_ERRNO("readlink directory", readlink(".", buf, sizeof buf), EINVAL);
    CHECK_ERRNO("readlink missing", readlink("missing", buf, sizeof buf), ENOENT);
    CHECK_ERRNO("readlink through a file", readlink("regular/x", buf, sizeof buf), ENOTDIR);
    CHECK_SYSCALL_ERRNO("readlink bufsiz 0", EINVAL, SYS_readlink, "/proc/self/exe", buf, 0);
    CHECK_SYSCALL_ERRNO("readlink bufsiz -1", EINVAL, SYS_readlink, "/proc/self/exe", buf, -1);
    CHECK_ERRNO("readlink empty path", readlink("", buf, sizeof buf), ENOENT);
    (void)argc;
    (void)argv;
    return 0;
}
