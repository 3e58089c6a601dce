/* errno for file system calls: ENOENT EBADF EISDIR ENOTDIR EEXIST EINVAL ENAMETOOLONG ENOTEMPTY. */
#include "conf.h"

int main(void)
{
    conf_workdir("file_errors");
    char buf[16];
    struct stat st;
    conf_write_file("file", "data", 4);
    mkdir("dir", 0700);
    mkdir("dir2", 0700);
    conf_write_file("dir2/inner", "x", 1);

    /* ENOENT */
    CHECK_ERRNO("open missing", open("nope", O_RDONLY), ENOENT);
    CHECK_ERRNO("open in missing dir", open("nodir/x", O_RDWR | O_CREAT, 0600), ENOENT);
    CHECK_ERRNO("stat missing", stat("nope", &st), ENOENT);
    CHECK_ERRNO("lstat missing", lstat("nope", &st), ENOENT);
    CHECK_ERRNO("open empty path", open("", O_RDONLY), ENOENT);
    CHECK_ERRNO("stat empty path", stat("", &st), ENOENT);
    CHECK_ERRNO("unlink missing", unlink("nope"), ENOENT);
    CHECK_ERRNO("rename missing", rename("nope", "nope2"), ENOENT);
    CHECK_ERRNO("mkdir in missing dir", mkdir("nodir/sub", 0700), ENOENT);
    CHECK_ERRNO("chdir missing", chdir("nope"), ENOENT);
    CHECK_ERRNO("open absolute missing", open("/tmp/../tmp/definitely/not/here", O_RDONLY), ENOENT);

    /* EBADF */
    CHECK_ERRNO("read fd -1", read(-1, buf, 1), EBADF);
    CHECK_ERRNO("write fd 999", write(999, "x", 1), EBADF);
    CHECK_ERRNO("close fd 999", close(999), EBADF);
    CHECK_ERRNO("close fd -1", close(-1), EBADF);
    CHECK_ERRNO("fstat fd 999", fstat(999, &st), EBADF);
    CHECK_ERRNO("lseek fd 999", lseek(999, 0, SEEK_SET), EBADF);
    CHECK_ERRNO("pread fd 999", pread(999, buf, 1, 0), EBADF);
    CHECK_ERRNO("fchdir fd 999", fchdir(999), EBADF);
    CHECK_ERRNO("ftruncate fd 999", ftruncate(999, 0), EBADF);
    CHECK_ERRNO("openat bad dirfd relative", openat(999, "file", O_RDONLY), EBADF);
    int fd = open("file", O_RDONLY);
    close(fd);
    CHECK_ERRNO("read closed fd", read(fd, buf, 1), EBADF);
    CHECK_ERRNO("close twice", close(fd), EBADF);

    /* EISDIR */
    CHECK_ERRNO("open dir O_WRONLY", open("dir", O_WRONLY), EISDIR);
    CHECK_ERRNO("open dir O_RDWR", open("dir", O_RDWR), EISDIR);
    CHECK_ERRNO("open dir O_CREAT", open("dir", O_RDONLY | O_CREAT, 0600), EISDIR);
    fd = open("dir", O_RDONLY);
    CHECK("open dir O_RDONLY", fd >= 0);
    CHECK_ERRNO("read from dir fd", read(fd, buf, sizeof buf), EISDIR);
    CHECK_ERRNO("pread from dir fd", pread(fd, buf, sizeof buf, 0), EISDIR);
    CHECK_ERRNO("write to dir fd", write(fd, "x", 1), EBADF);
    close(fd);
    CHECK_ERRNO("unlink a directory", unlink("dir"), EISDIR);
    CHECK_ERRNO("rename file onto dir", rename("file", "dir"), EISDIR);

    /* ENOTDIR */
    CHECK_ERRNO("open file/x", open("file/x", O_RDONLY), ENOTDIR);
    CHECK_ERRNO("stat file/x", stat("file/x", &st), ENOTDIR);
    CHECK_ERRNO("mkdir file/x", mkdir("file/x", 0700), ENOTDIR);
    CHECK_ERRNO("chdir to a file", chdir("file"), ENOTDIR);
    CHECK_ERRNO("rename dir onto file", rename("dir", "file"), ENOTDIR);
    fd = open("file", O_RDONLY);
    CHECK_ERRNO("openat relative to a file fd", openat(fd, "x", O_RDONLY), ENOTDIR);
    CHECK_ERRNO("fchdir to a file fd", fchdir(fd), ENOTDIR);
    close(fd);

    /* EEXIST */
    CHECK_ERRNO("mkdir existing dir", mkdir("dir", 0700), EEXIST);
    CHECK_ERRNO("mkdir existing file", mkdir("file", 0700), EEXIST);
    CHECK_ERRNO("mkdir /tmp", mkdir("/tmp", 0700), EEXIST);
    CHECK_ERRNO("O_EXCL existing", open("file", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
    CHECK_ERRNO("O_EXCL existing dir", open("dir", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);

    /* ENOTEMPTY and EINVAL for rename of directories */
    CHECK_ERRNO("rename dir onto non-empty dir", rename("dir", "dir2"), ENOTEMPTY);
    CHECK_ERRNO("rename dir into itself", rename("dir", "dir/sub"), EINVAL);
    CHECK_ERRNO("rename . ", rename(".", "x"), EBUSY);

    /* EINVAL */
    fd = open("file", O_RDWR);
    CHECK_ERRNO("lseek bad whence", lseek(fd, 0, 42), EINVAL);
    CHECK_ERRNO("lseek before start", lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERRNO("pread negative offset", pread(fd, buf, 1, -1), EINVAL);
    CHECK_ERRNO("pwrite negative offset", pwrite(fd, "x", 1, -5), EINVAL);
    CHECK_ERRNO("ftruncate negative", ftruncate(fd, -1), EINVAL);
    CHECK_ERRNO("fcntl bad cmd", fcntl(fd, 12345), EINVAL);
    close(fd);

    /* ENAMETOOLONG: a 256-char component, and a path of 5000 chars */
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = 0;
    CHECK_ERRNO("open 256-char name", open(longname, O_RDONLY), ENAMETOOLONG);
    CHECK_ERRNO("create 256-char name", open(longname, O_RDWR | O_CREAT, 0600), ENAMETOOLONG);
    CHECK_ERRNO("mkdir 256-char name", mkdir(longname, 0700), ENAMETOOLONG);
    CHECK_ERRNO("stat 256-char name", stat(longname, &st), ENAMETOOLONG);
    longname[255] = 0;
    fd = open(longname, O_RDWR | O_CREAT, 0600);
    CHECK("create 255-char name", fd >= 0);
    close(fd);
    CHECK_RET("unlink 255-char name", unlink(longname), 0);
    char *longpath = malloc(5001);
    for (int i = 0; i < 5000; i++)
        longpath[i] = (i % 2) ? '/' : 'a';
    longpath[5000] = 0;
    CHECK_ERRNO("open 5000-char path", open(longpath, O_RDONLY), ENAMETOOLONG);
    CHECK_ERRNO("stat 5000-char path", stat(longpath, &st), ENAMETOOLONG);
    CHECK_ERRNO("chdir 5000-char path", chdir(longpath), ENAMETOOLONG);
    free(longpath);
    return 0;
}
