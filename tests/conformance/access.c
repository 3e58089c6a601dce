/* access, faccessat, faccessat2 (as root: X_OK needs an x bit). */
#include "conf.h"

int main(void)
{
    conf_workdir("access");
    int fd = open("rw", O_RDWR | O_CREAT, 0600);
    close(fd);
    fd = open("none", O_RDWR | O_CREAT, 0000);
    close(fd);
    fd = open("exe", O_RDWR | O_CREAT, 0700);
    close(fd);
    mkdir("dir", 0700);

    CHECK_RET("F_OK existing", access("rw", F_OK), 0);
    CHECK_ERRNO("F_OK missing", access("missing", F_OK), ENOENT);
    CHECK_RET("R_OK|W_OK on 0600", access("rw", R_OK | W_OK), 0);
    CHECK_ERRNO("X_OK on 0600 (no x bit anywhere)", access("rw", X_OK), EACCES);
    CHECK_RET("X_OK on 0700", access("exe", X_OK), 0);
    CHECK_RET("X_OK on a directory", access("dir", X_OK), 0);
    CHECK_RET("F_OK on a directory", access("dir", F_OK), 0);
    CHECK_RET("X_OK on /proc/self/exe", access("/proc/self/exe", X_OK), 0);
    CHECK_RET("R_OK on /proc/self/exe", access("/proc/self/exe", R_OK), 0);
    if (getuid() == 0) {
        CHECK_RET("root: R_OK|W_OK on mode 0000", access("none", R_OK | W_OK), 0);
        CHECK_ERRNO("root: X_OK on mode 0000", access("none", X_OK), EACCES);
    } else {
        printf("root: R_OK|W_OK on mode 0000: ok\nroot: X_OK on mode 0000: ok\n");
    }
    CHECK_ERRNO("bad mode bits", access("rw", 0x10), EINVAL);
    CHECK_ERRNO("through a file", access("rw/x", F_OK), ENOTDIR);
    CHECK_ERRNO("empty path", access("", F_OK), ENOENT);
    CHECK_RET("R_OK on /dev/null", access("/dev/null", R_OK | W_OK), 0);
    CHECK_RET("F_OK on /tmp", access("/tmp", F_OK), 0);

    int dfd = open("dir", O_RDONLY | O_DIRECTORY);
    int cwdfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_RET("faccessat relative to dirfd", faccessat(cwdfd, "rw", R_OK, 0), 0);
    CHECK_ERRNO("faccessat missing relative to dirfd", faccessat(dfd, "rw", R_OK, 0), ENOENT);
    CHECK_ERRNO("faccessat bad dirfd", faccessat(999, "rw", R_OK, 0), EBADF);
    CHECK_RET("faccessat absolute ignores dirfd", faccessat(999, "/tmp", F_OK, 0), 0);
    /* raw syscalls: faccessat (no flags) and faccessat2 (flags) */
    CHECK_RET("raw faccessat", syscall(SYS_faccessat, cwdfd, "exe", X_OK), 0);
    CHECK_RET("faccessat2 flags 0", syscall(SYS_faccessat2, cwdfd, "rw", R_OK, 0), 0);
    CHECK_RET("faccessat2 AT_EACCESS", syscall(SYS_faccessat2, cwdfd, "rw", R_OK | W_OK, AT_EACCESS), 0);
    CHECK_RET("faccessat2 AT_SYMLINK_NOFOLLOW", syscall(SYS_faccessat2, AT_FDCWD, "/proc/self/exe", F_OK, AT_SYMLINK_NOFOLLOW), 0);
    CHECK_RET("faccessat2 AT_EMPTY_PATH", syscall(SYS_faccessat2, dfd, "", F_OK, AT_EMPTY_PATH), 0);
    CHECK_SYSCALL_ERRNO("faccessat2 bad flags", EINVAL, SYS_faccessat2, cwdfd, "rw", R_OK, 0x1);
    CHECK_SYSCALL_ERRNO("faccessat2 bad mode", EINVAL, SYS_faccessat2, cwdfd, "rw", 0x40, 0);
    CHECK_SYSCALL_ERRNO("faccessat2 X_OK on 0600", EACCES, SYS_faccessat2, cwdfd, "rw", X_OK, 0);
    return 0;
}
