/* open flags: O_APPEND, O_TRUNC, O_EXCL, O_CREAT modes, access modes, F_GETFL. */
#include "conf.h"

static long fsize(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -1;
    return (long)st.st_size;
}

int main(void)
{
    conf_workdir("file_flags");
    char buf[64];

    /* O_CREAT modes: bits the process umask cannot touch (owner bits) */
    int fd = open("m600", O_WRONLY | O_CREAT, 0600);
    struct stat st;
    fstat(fd, &st);
    printf("mode 0600 -> owner bits %o, regular %s\n", st.st_mode & 0700,
           S_ISREG(st.st_mode) ? "yes" : "no");
    close(fd);
    fd = open("m400", O_WRONLY | O_CREAT, 0400);
    CHECK("create 0400 with O_WRONLY returns a writable fd", fd >= 0);
    CHECK_RET("write to fd of new 0400 file", write(fd, "x", 1), 1);
    fstat(fd, &st);
    printf("mode 0400 -> owner bits %o\n", st.st_mode & 0700);
    close(fd);
    fd = open("m700", O_RDWR | O_CREAT, 0700);
    fstat(fd, &st);
    printf("mode 0700 -> owner bits %o\n", st.st_mode & 0700);
    close(fd);
    fd = open("m7777", O_RDWR | O_CREAT, 07600);
    fstat(fd, &st);
    printf("mode 07600 -> owner bits %o, sticky %s\n", st.st_mode & 0700,
           (st.st_mode & S_ISVTX) ? "yes" : "no");
    close(fd);
    /* O_CREAT on an existing file keeps its mode */
    fd = open("m600", O_RDWR | O_CREAT, 0400);
    fstat(fd, &st);
    printf("existing file keeps mode: %o\n", st.st_mode & 0700);
    close(fd);

    /* O_EXCL */
    CHECK_ERRNO("O_CREAT|O_EXCL on existing", open("m600", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
    fd = open("excl", O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK("O_CREAT|O_EXCL on new", fd >= 0);
    close(fd);
    CHECK_ERRNO("open missing without O_CREAT", open("missing", O_RDWR), ENOENT);

    /* O_TRUNC */
    conf_write_file("t", "0123456789", 10);
    fd = open("t", O_RDWR | O_TRUNC);
    printf("size after O_TRUNC: %ld\n", fsize(fd));
    CHECK_RET("read after O_TRUNC", read(fd, buf, sizeof buf), 0);
    close(fd);
    conf_write_file("t", "0123456789", 10);
    fd = open("t", O_RDWR);
    printf("size without O_TRUNC: %ld\n", fsize(fd));
    close(fd);

    /* O_APPEND: every write goes to the end, whatever the offset */
    conf_write_file("a", "start", 5);
    fd = open("a", O_RDWR | O_APPEND);
    CHECK_RET("O_APPEND initial offset", lseek(fd, 0, SEEK_CUR), 0);
    CHECK_RET("O_APPEND write", write(fd, "-one", 4), 4);
    CHECK_RET("offset after append", lseek(fd, 0, SEEK_CUR), 9);
    CHECK_RET("lseek to 0", lseek(fd, 0, SEEK_SET), 0);
    CHECK_RET("O_APPEND write after lseek 0", write(fd, "-two", 4), 4);
    CHECK_RET("offset after second append", lseek(fd, 0, SEEK_CUR), 13);
    /* Linux: pwrite on an O_APPEND fd appends, ignoring the offset */
    CHECK_RET("pwrite on O_APPEND fd", pwrite(fd, "-3", 2, 0), 2);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread all", pread(fd, buf, sizeof buf, 0), 15);
    printf("append contents: [%s]\n", buf);
    /* a second, non-append fd writing at 0 overwrites */
    int fd2 = open("a", O_WRONLY);
    CHECK_RET("plain write at 0", write(fd2, "S", 1), 1);
    close(fd2);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread all again", pread(fd, buf, sizeof buf, 0), 15);
    printf("contents: [%s]\n", buf);
    close(fd);

    /* access modes */
    fd = open("t", O_RDONLY);
    CHECK_ERRNO("write to O_RDONLY fd", write(fd, "x", 1), EBADF);
    CHECK_ERRNO("pwrite to O_RDONLY fd", pwrite(fd, "x", 1, 0), EBADF);
    CHECK_RET("read from O_RDONLY fd", read(fd, buf, 4), 4);
    close(fd);
    fd = open("t", O_WRONLY);
    CHECK_ERRNO("read from O_WRONLY fd", read(fd, buf, 1), EBADF);
    CHECK_ERRNO("pread from O_WRONLY fd", pread(fd, buf, 1, 0), EBADF);
    close(fd);

    /* F_GETFL: access mode and status flags; creation flags are not kept.
     * On x86-64 Linux forces O_LARGEFILE into every regular file's flags. */
    int flagsets[][2] = {
        {O_RDONLY, 0}, {O_WRONLY, 0}, {O_RDWR, 0},
        {O_RDWR | O_APPEND, 0}, {O_RDONLY | O_NONBLOCK, 0},
        {O_RDWR | O_CREAT | O_TRUNC, 0}, {O_WRONLY | O_CLOEXEC, 0},
    };
    for (unsigned i = 0; i < sizeof flagsets / sizeof flagsets[0]; i++) {
        fd = open("t", flagsets[i][0], 0600);
        int fl = fcntl(fd, F_GETFL);
        int fdfl = fcntl(fd, F_GETFD);
        printf("open flags %#o -> F_GETFL %#o (accmode %d, O_LARGEFILE %s), F_GETFD %d\n",
               flagsets[i][0], fl, fl & O_ACCMODE, (fl & 0100000) ? "yes" : "no", fdfl);
        close(fd);
    }
    /* F_SETFL changes O_APPEND and O_NONBLOCK but not the access mode */
    fd = open("t", O_RDONLY);
    CHECK_RET("F_SETFL O_APPEND|O_NONBLOCK|O_RDWR", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDWR), 0);
    int fl = fcntl(fd, F_GETFL);
    printf("after F_SETFL: accmode %d append %s nonblock %s\n", fl & O_ACCMODE,
           (fl & O_APPEND) ? "yes" : "no", (fl & O_NONBLOCK) ? "yes" : "no");
    CHECK_ERRNO("still read-only", write(fd, "x", 1), EBADF);
    CHECK_RET("F_SETFL 0", fcntl(fd, F_SETFL, 0), 0);
    fl = fcntl(fd, F_GETFL);
    printf("after F_SETFL 0: append %s nonblock %s\n", (fl & O_APPEND) ? "yes" : "no",
           (fl & O_NONBLOCK) ? "yes" : "no");
    close(fd);

    /* O_DIRECTORY */
    CHECK_ERRNO("O_DIRECTORY on a file", open("t", O_RDONLY | O_DIRECTORY), ENOTDIR);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("O_DIRECTORY on a directory", fd >= 0);
    close(fd);
    /* trailing slash on a regular file */
    CHECK_ERRNO("file with trailing slash", open("t/", O_RDONLY), ENOTDIR);
    CHECK_ERRNO("O_CREAT with trailing slash", open("new/", O_RDWR | O_CREAT, 0600), EISDIR);
    return 0;
}
