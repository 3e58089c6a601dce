/* dup, dup2, dup3, fcntl F_DUPFD/F_DUPFD_CLOEXEC/F_GETFD/F_SETFD and shared offsets. */
#include "conf.h"
#include <sys/resource.h>

int main(void)
{
    conf_workdir("dup_fcntl");
    conf_write_file("f", "abcdefghij", 10);
    int fd = open("f", O_RDWR);
    printf("first open fd: %d\n", fd);

    int d = dup(fd);
    printf("dup returns lowest free: %d\n", d);
    /* a dup shares the file offset and the status flags */
    char c;
    CHECK_RET("read 1 via original", read(fd, &c, 1), 1);
    CHECK_RET("offset seen via dup", lseek(d, 0, SEEK_CUR), 1);
    CHECK_RET("read via dup", read(d, &c, 1), 1);
    printf("dup read: %c\n", c);
    CHECK_RET("offset via original", lseek(fd, 0, SEEK_CUR), 2);
    CHECK_RET("F_SETFL O_APPEND on dup", fcntl(d, F_SETFL, O_APPEND), 0);
    CHECK("O_APPEND visible via original", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    fcntl(d, F_SETFL, 0);
    /* but not the fd flags */
    CHECK_RET("F_SETFD FD_CLOEXEC on dup", fcntl(d, F_SETFD, FD_CLOEXEC), 0);
    printf("F_GETFD dup: %d original: %d\n", fcntl(d, F_GETFD), fcntl(fd, F_GETFD));
    CHECK_RET("F_SETFD 0", fcntl(d, F_SETFD, 0), 0);
    printf("F_GETFD after clear: %d\n", fcntl(d, F_GETFD));
    /* closing one keeps the other working */
    close(fd);
    CHECK_RET("read after closing original", read(d, &c, 1), 1);
    printf("read: %c\n", c);
    int again = open("f", O_RDONLY);
    printf("closed fd number reused: %s\n", again == fd ? "yes" : "no");
    close(again);

    /* dup of a dup'd CLOEXEC fd does not carry CLOEXEC */
    fcntl(d, F_SETFD, FD_CLOEXEC);
    int d2 = dup(d);
    printf("dup clears FD_CLOEXEC: %s\n", fcntl(d2, F_GETFD) == 0 ? "yes" : "no");
    close(d2);

    /* dup2 */
    CHECK_RET("dup2 to 10", dup2(d, 10), 10);
    printf("dup2 target F_GETFD: %d\n", fcntl(10, F_GETFD));
    CHECK_RET("dup2 onto itself", dup2(d, d), d);
    CHECK_RET("dup2 over an open fd", dup2(d, 10), 10);
    CHECK_RET("offset shared with dup2 target", lseek(10, 0, SEEK_CUR), lseek(d, 0, SEEK_CUR));
    CHECK_ERRNO("dup2 bad oldfd", dup2(999, 11), EBADF);
    CHECK_ERRNO("dup2 onto itself with bad fd", dup2(999, 999), EBADF);
    CHECK_ERRNO("dup2 newfd negative", dup2(d, -1), EBADF);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    CHECK_ERRNO("dup2 newfd >= RLIMIT_NOFILE", dup2(d, (int)rl.rlim_cur), EBADF);

    /* dup3 */
    CHECK_RET("dup3 O_CLOEXEC to 12", dup3(d, 12, O_CLOEXEC), 12);
    printf("dup3 target F_GETFD: %d\n", fcntl(12, F_GETFD));
    CHECK_RET("dup3 flags 0 to 13", dup3(d, 13, 0), 13);
    printf("dup3 flags 0 F_GETFD: %d\n", fcntl(13, F_GETFD));
    CHECK_ERRNO("dup3 same fd", dup3(d, d, 0), EINVAL);
    CHECK_ERRNO("dup3 bad flags", dup3(d, 14, O_APPEND), EINVAL);
    CHECK_ERRNO("dup3 bad oldfd", dup3(999, 14, 0), EBADF);

    /* F_DUPFD / F_DUPFD_CLOEXEC: lowest free >= arg */
    CHECK_RET("F_DUPFD 10 (10..13 taken)", fcntl(d, F_DUPFD, 10), 11);
    CHECK_RET("F_DUPFD 10 again", fcntl(d, F_DUPFD, 10), 14);
    int fc = fcntl(d, F_DUPFD_CLOEXEC, 20);
    printf("F_DUPFD_CLOEXEC 20 -> %d, F_GETFD %d\n", fc, fcntl(fc, F_GETFD));
    int f0 = fcntl(d, F_DUPFD, 0);
    printf("F_DUPFD 0 -> lowest free %d\n", f0);
    CHECK_ERRNO("F_DUPFD negative", fcntl(d, F_DUPFD, -1), EINVAL);
    CHECK_ERRNO("F_DUPFD >= RLIMIT_NOFILE", fcntl(d, F_DUPFD, (int)rl.rlim_cur), EINVAL);
    CHECK_ERRNO("F_GETFD bad fd", fcntl(999, F_GETFD), EBADF);
    CHECK_ERRNO("F_SETFD bad fd", fcntl(999, F_SETFD, 0), EBADF);
    CHECK_ERRNO("F_DUPFD bad fd", fcntl(999, F_DUPFD, 0), EBADF);
    /* F_SETFD keeps only FD_CLOEXEC */
    fcntl(13, F_SETFD, 0xff);
    printf("F_SETFD 0xff -> F_GETFD %d\n", fcntl(13, F_GETFD));

    /* close everything we made; the lowest free fd comes back */
    for (int i = 3; i < 30; i++)
        close(i);
    CHECK_RET("after closing all, dup gives 3", dup(0), 3);
    close(3);
    /* O_CLOEXEC at open */
    int ce = open("f", O_RDONLY | O_CLOEXEC);
    printf("O_CLOEXEC open F_GETFD: %d\n", fcntl(ce, F_GETFD));
    close(ce);
    return 0;
}
