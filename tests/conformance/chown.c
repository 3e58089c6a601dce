/* chown, fchown, lchown, fchownat as root (Files.setOwner): owner and
 * group change, -1 keeps one, a symlink itself with lchown, set-user-ID
 * and set-group-ID dropped from files, and Linux's errors. */
#include "conf.h"

static struct stat lst(const char *path)
{
    struct stat s;
    memset(&s, 0, sizeof s);
    lstat(path, &s);
    return s;
}

static void owner(const char *what, const char *path)
{
    struct stat s = lst(path);
    printf("%s: uid %u gid %u mode %04o\n", what, (unsigned)s.st_uid, (unsigned)s.st_gid,
           (unsigned)(s.st_mode & 07777));
}

int main(void)
{
    conf_workdir("chown");
    CHECK("running as root", getuid() == 0);
    conf_write_file("f", "x", 1);
    chmod("f", 0644);
    CHECK_RET("chown 1000:2000", chown("f", 1000, 2000), 0);
    owner("f", "f");
    CHECK_RET("chown -1:3000", chown("f", -1, 3000), 0);
    owner("f, group only", "f");
    CHECK_RET("chown 4000:-1", chown("f", 4000, -1), 0);
    owner("f, owner only", "f");
    CHECK_RET("chown -1:-1", chown("f", -1, -1), 0);
    owner("f, nothing", "f");
    CHECK_RET("large ids", chown("f", 0xfffffffe, 65534), 0);
    owner("f, large ids", "f");

    int fd = open("f", O_RDONLY);
    CHECK_RET("fchown", fchown(fd, 5, 6), 0);
    owner("fchown", "f");
    int pfd = open("f", O_PATH);
    CHECK_ERRNO("fchown of an O_PATH fd", fchown(pfd, 7, 8), EBADF);
    CHECK_RET("fchownat AT_EMPTY_PATH of an O_PATH fd", fchownat(pfd, "", 7, 8, AT_EMPTY_PATH), 0);
    owner("fchownat AT_EMPTY_PATH", "f");
    CHECK_ERRNO("fchownat empty path without the flag", fchownat(pfd, "", 7, 8, 0), ENOENT);
    CHECK_ERRNO("fchownat NULL path with AT_EMPTY_PATH", syscall(SYS_fchownat, pfd, NULL, 7, 8, AT_EMPTY_PATH), EFAULT);
    CHECK_ERRNO("fchown bad fd", fchown(999, 1, 1), EBADF);
    close(pfd);

    /* set-user-ID and set-group-ID go from files, even for root */
    chmod("f", 06755);
    CHECK_RET("chown of a setuid file", chown("f", -1, -1), 0);
    owner("setuid, setgid with group x dropped", "f");
    chmod("f", 06745);
    CHECK_RET("chown of a setgid file without group x", chown("f", 0, 0), 0);
    owner("setgid kept without group x", "f");
    mkdir("d", 0755);
    chmod("d", 06755);
    CHECK_RET("chown of a setgid directory", chown("d", 9, 9), 0);
    owner("directory keeps its bits", "d");

    /* symlinks */
    symlink("f", "l");
    CHECK_RET("chown through a symlink", chown("l", 11, 12), 0);
    owner("target", "f");
    CHECK("link itself unchanged", lst("l").st_uid == 0);
    CHECK_RET("lchown", lchown("l", 13, 14), 0);
    owner("link itself", "l");
    CHECK("target kept", lst("f").st_uid == 11);
    CHECK_RET("fchownat AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, "l", 15, 16, AT_SYMLINK_NOFOLLOW), 0);
    owner("link again", "l");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    conf_write_file("d/g", "y", 1);
    CHECK_RET("fchownat relative to a dirfd", fchownat(dfd, "g", 17, 18, 0), 0);
    owner("d/g", "d/g");
    close(dfd);

    /* errors */
    CHECK_ERRNO("missing file", chown("missing", 1, 1), ENOENT);
    CHECK_ERRNO("dangling symlink", (symlink("nowhere", "dang"), chown("dang", 1, 1)), ENOENT);
    CHECK_RET("lchown of a dangling symlink", lchown("dang", 1, 1), 0);
    CHECK_ERRNO("through a file", chown("f/x", 1, 1), ENOTDIR);
    CHECK_ERRNO("fchownat bad flags", fchownat(AT_FDCWD, "f", 1, 1, 0x8000), EINVAL);
    CHECK_ERRNO("fchownat bad dirfd", fchownat(999, "f", 1, 1, 0), EBADF);
    CHECK_ERRNO("bad path pointer", syscall(SYS_chown, (void *)8, 1, 1), EFAULT);
    close(fd);
    return 0;
}
