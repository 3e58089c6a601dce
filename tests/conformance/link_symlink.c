/* link, linkat, symlink, symlinkat: hard links share the inode and count
 * names, unlink keeps the other name; symlinks are followed (ELOOP after
 * 40), lstat sees the link itself; Linux's errors (Files.createLink and
 * Files.createSymbolicLink). */
#include "conf.h"

static struct stat lst(const char *path)
{
    struct stat s;
    memset(&s, 0, sizeof s);
    lstat(path, &s);
    return s;
}

int main(void)
{
    conf_workdir("link_symlink");
    conf_write_file("f", "data", 4);
    mkdir("d", 0755);

    /* hard links */
    CHECK_RET("link f g", link("f", "g"), 0);
    struct stat f = lst("f"), g = lst("g");
    CHECK("same inode", f.st_ino == g.st_ino && f.st_dev == g.st_dev);
    CHECK("nlink 2", f.st_nlink == 2 && g.st_nlink == 2);
    CHECK_RET("linkat into d", linkat(AT_FDCWD, "f", AT_FDCWD, "d/h", 0), 0);
    CHECK("nlink 3", lst("f").st_nlink == 3);
    int fd = open("g", O_WRONLY | O_APPEND);
    CHECK("write through g", write(fd, "+", 1) == 1);
    close(fd);
    size_t n;
    char *c = conf_read_all("d/h", &n);
    CHECK("seen through d/h", n == 5 && !memcmp(c, "data+", 5));
    free(c);
    CHECK_RET("unlink f", unlink("f"), 0);
    CHECK("g keeps the data, nlink 2", lst("g").st_nlink == 2 && lst("g").st_size == 5);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_RET("linkat relative to dirfds", linkat(dfd, "h", AT_FDCWD, "f", 0), 0);
    CHECK("f back, nlink 3", lst("f").st_nlink == 3 && lst("f").st_ino == g.st_ino);
    fd = open("g", O_RDONLY);
    CHECK_RET("linkat AT_EMPTY_PATH of an fd", linkat(fd, "", AT_FDCWD, "e", AT_EMPTY_PATH), 0);
    CHECK("e is the file", lst("e").st_ino == g.st_ino && lst("e").st_nlink == 4);
    CHECK_ERRNO("linkat NULL path with AT_EMPTY_PATH", syscall(SYS_linkat, fd, NULL, AT_FDCWD, "n", AT_EMPTY_PATH), EFAULT);
    close(fd);
    CHECK_ERRNO("link to an existing name", link("f", "g"), EEXIST);
    CHECK_ERRNO("link to itself", link("f", "f"), EEXIST);
    CHECK_ERRNO("link of a missing file", link("missing", "x"), ENOENT);
    CHECK_ERRNO("link into a missing directory", link("f", "nodir/x"), ENOENT);
    CHECK_ERRNO("link of a directory", link("d", "d2"), EPERM);
    CHECK_ERRNO("link to a trailing slash", link("f", "x/"), ENOENT);
    CHECK_ERRNO("link to .", link("f", "d/."), EEXIST);
    CHECK_ERRNO("linkat bad flags", linkat(AT_FDCWD, "f", AT_FDCWD, "x", 0x8000), EINVAL);
    CHECK_ERRNO("linkat bad dirfd", linkat(999, "f", AT_FDCWD, "x", 0), EBADF);
    CHECK_ERRNO("link through a file", link("f", "g/x"), ENOTDIR);
    CHECK_ERRNO("link across mounts", link("f", "/dev/conf_link_x"), EXDEV);

    /* symlinks */
    CHECK_RET("symlink", symlink("g", "s"), 0);
    struct stat s = lst("s");
    CHECK("lstat: a symlink of the target's length", S_ISLNK(s.st_mode) && s.st_size == 1);
    CHECK("mode 0777", (s.st_mode & 07777) == 0777);
    CHECK("own inode", s.st_ino != g.st_ino && s.st_nlink == 1);
    struct stat t;
    CHECK("stat follows", stat("s", &t) == 0 && t.st_ino == g.st_ino);
    char buf[64];
    ssize_t len = readlink("s", buf, sizeof buf);
    CHECK("readlink", len == 1 && buf[0] == 'g');
    c = conf_read_all("s", &n);
    CHECK("read through it", n == 5 && !memcmp(c, "data+", 5));
    free(c);
    CHECK_RET("symlinkat to a relative target", symlinkat("../g", dfd, "s2"), 0);
    CHECK("relative to the link's directory", stat("d/s2", &t) == 0 && t.st_ino == g.st_ino);
    CHECK_RET("symlink to a directory", symlink("d", "sd"), 0);
    CHECK("path through it", stat("sd/h", &t) == 0 && t.st_ino == g.st_ino);
    CHECK_RET("dangling symlink", symlink("nowhere", "dang"), 0);
    CHECK_ERRNO("stat of a dangling one", stat("dang", &t), ENOENT);
    CHECK("lstat of a dangling one", S_ISLNK(lst("dang").st_mode));
    fd = open("dang", O_CREAT | O_WRONLY, 0644);
    CHECK("O_CREAT through it creates the target", fd >= 0 && lst("nowhere").st_size == 0 &&
          S_ISREG(lst("nowhere").st_mode));
    close(fd);
    CHECK_ERRNO("O_NOFOLLOW", open("s", O_RDONLY | O_NOFOLLOW), ELOOP);
    CHECK_RET("symlink to itself", symlink("loop", "loop"), 0);
    CHECK_ERRNO("its loop", stat("loop", &t), ELOOP);
    /* a chain of 40 links resolves, 41 do not */
    char name[16], next[16];
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof name, "c%d", i);
        snprintf(next, sizeof next, i == 1 ? "g" : "c%d", i - 1);
        symlink(next, name);
    }
    CHECK("40 links followed", stat("c40", &t) == 0 && t.st_ino == g.st_ino);
    CHECK_ERRNO("41 links", stat("c41", &t), ELOOP);
    CHECK_RET("hard link to a symlink", link("s", "hs"), 0);
    CHECK("is the symlink itself", lst("hs").st_ino == lst("s").st_ino && lst("s").st_nlink == 2);
    CHECK_RET("AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "s", AT_FDCWD, "hf", AT_SYMLINK_FOLLOW), 0);
    CHECK("is the target", lst("hf").st_ino == g.st_ino);
    CHECK_ERRNO("symlink over a name", symlink("g", "f"), EEXIST);
    CHECK_ERRNO("symlink over a dangling link", symlink("g", "dang"), EEXIST);
    CHECK_ERRNO("empty target", symlink("", "x"), ENOENT);
    CHECK_ERRNO("into a missing directory", symlink("g", "nodir/x"), ENOENT);
    CHECK_ERRNO("trailing slash", symlink("g", "x/"), ENOENT);
    CHECK_ERRNO("symlinkat bad dirfd", symlinkat("g", 999, "x"), EBADF);
    CHECK_ERRNO("bad target pointer", syscall(SYS_symlink, (void *)8, "x"), EFAULT);
    CHECK_ERRNO("bad path pointer", syscall(SYS_symlink, "g", (void *)8), EFAULT);
    CHECK_ERRNO("unlink of a directory symlink with a slash", unlink("sd/"), ENOTDIR);
    CHECK_RET("unlink a symlink", unlink("sd"), 0);
    CHECK("the directory stays", S_ISDIR(lst("d").st_mode));
    CHECK_RET("rename a symlink", rename("s", "s3"), 0);
    len = readlink("s3", buf, sizeof buf);
    CHECK("target kept", len == 1 && buf[0] == 'g');
    close(dfd);
    return 0;
}
