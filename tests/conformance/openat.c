/* openat with AT_FDCWD, directory fds, absolute paths, and the lowest-fd rule. */
#include "conf.h"

static void show(int dirfd, const char *path)
{
    char buf[64] = {0};
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) {
        printf("openat %s: errno %s\n", path, errname(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    printf("openat %s: [%.*s]\n", path, (int)(n > 0 ? n : 0), buf);
    close(fd);
}

int main(void)
{
    conf_workdir("openat");
    mkdir("d1", 0700);
    mkdir("d1/d2", 0700);
    conf_write_file("top", "top file", 8);
    conf_write_file("d1/one", "in d1", 5);
    conf_write_file("d1/d2/two", "in d2", 5);

    int d1 = open("d1", O_RDONLY | O_DIRECTORY);
    int d2 = openat(d1, "d2", O_RDONLY | O_DIRECTORY);
    CHECK("openat directory relative to directory", d2 >= 0);
    show(AT_FDCWD, "top");
    show(d1, "one");
    show(d2, "two");
    show(d2, "../one");
    show(d2, "../../top");
    show(d1, "d2/two");
    show(d1, "/proc/self/exe/../../../tmp/../tmp");
    /* an absolute path ignores the dirfd, even a bad one */
    int fd = openat(999, "/dev/null", O_RDONLY);
    CHECK("absolute path ignores bad dirfd", fd >= 0);
    close(fd);
    /* creating relative to a dirfd */
    fd = openat(d2, "created", O_WRONLY | O_CREAT | O_EXCL, 0600);
    CHECK("create via dirfd", fd >= 0);
    write(fd, "made", 4);
    close(fd);
    show(AT_FDCWD, "d1/d2/created");
    /* the dirfd keeps referring to the directory after it is renamed */
    CHECK_RET("rename d1 -> r1", rename("d1", "r1"), 0);
    show(d1, "one");
    show(AT_FDCWD, "d1/one");
    show(AT_FDCWD, "r1/one");
    /* lowest free fd */
    int a = open("top", O_RDONLY), b = open("top", O_RDONLY), c = open("top", O_RDONLY);
    close(b);
    int again = open("top", O_RDONLY);
    printf("reuses the lowest hole: %s\n", again == b ? "yes" : "no");
    printf("fds increase: %s\n", a < b && b < c ? "yes" : "no");
    /* errors */
    CHECK_ERRNO("openat missing", openat(d2, "missing", O_RDONLY), ENOENT);
    CHECK_ERRNO("openat file as dirfd", openat(a, "x", O_RDONLY), ENOTDIR);
    CHECK_ERRNO("openat bad dirfd", openat(-7, "x", O_RDONLY), EBADF);
    CHECK_ERRNO("openat empty path", openat(d1, "", O_RDONLY), ENOENT);
    /* raw open and openat syscalls agree */
    long r1 = syscall(SYS_open, "top", O_RDONLY);
    CHECK("raw SYS_open", r1 >= 0);
    long r2 = syscall(SYS_openat, AT_FDCWD, "top", O_RDONLY);
    CHECK("raw SYS_openat", r2 == r1 + 1);
    /* O_CREAT|O_EXCL through a dirfd */
    CHECK_ERRNO("O_EXCL via dirfd", openat(d2, "two", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
    return 0;
}
