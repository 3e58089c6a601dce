/* /dev/null, /dev/zero, /dev/urandom: reads, writes, seeks. */
#include "conf.h"

int main(void)
{
    char buf[8192];
    int fd = open("/dev/null", O_RDWR);
    CHECK("open /dev/null", fd >= 0);
    CHECK_RET("read /dev/null is EOF", read(fd, buf, sizeof buf), 0);
    CHECK_RET("write /dev/null swallows all", write(fd, buf, sizeof buf), sizeof buf);
    CHECK_RET("write 0 to /dev/null", write(fd, buf, 0), 0);
    CHECK_RET("lseek /dev/null", lseek(fd, 100, SEEK_SET), 0);
    CHECK_RET("pread /dev/null", pread(fd, buf, 10, 5), 0);
    CHECK_RET("pwrite /dev/null", pwrite(fd, buf, 10, 5), 10);
    CHECK_RET("F_GETFL accmode", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
    close(fd);

    fd = open("/dev/zero", O_RDWR);
    CHECK("open /dev/zero", fd >= 0);
    memset(buf, 0xff, sizeof buf);
    CHECK_RET("read 8192 from /dev/zero", read(fd, buf, sizeof buf), sizeof buf);
    int zero = 1;
    for (size_t i = 0; i < sizeof buf; i++)
        if (buf[i])
            zero = 0;
    CHECK("all zero", zero);
    memset(buf, 0xff, sizeof buf);
    CHECK_RET("read 3 at odd offset", read(fd, buf + 1, 3), 3);
    CHECK("only those 3 zeroed", (unsigned char)buf[0] == 0xff && buf[1] == 0 && buf[3] == 0 && (unsigned char)buf[4] == 0xff);
    CHECK_RET("write /dev/zero", write(fd, "abc", 3), 3);
    CHECK_RET("lseek /dev/zero", lseek(fd, 12345, SEEK_SET), 0);
    char *big = malloc(1 << 20);
    memset(big, 1, 1 << 20);
    CHECK_RET("read 1 MiB from /dev/zero", read(fd, big, 1 << 20), 1 << 20);
    zero = 1;
    for (int i = 0; i < (1 << 20); i++)
        if (big[i])
            zero = 0;
    CHECK("1 MiB all zero", zero);
    free(big);
    close(fd);

    fd = open("/dev/urandom", O_RDONLY);
    unsigned char r1[32] = {0}, r2[32] = {0};
    CHECK_RET("read /dev/urandom", read(fd, r1, sizeof r1), 32);
    CHECK_RET("read /dev/urandom again", read(fd, r2, sizeof r2), 32);
    CHECK("reads differ", memcmp(r1, r2, 32) != 0);
    CHECK_RET("lseek /dev/urandom", lseek(fd, 0, SEEK_SET), 0);
    close(fd);

    /* the std fds the harness gives us are open */
    CHECK("fd 0 open", fcntl(0, F_GETFD) >= 0);
    CHECK("fd 1 open", fcntl(1, F_GETFD) >= 0);
    CHECK("fd 2 open", fcntl(2, F_GETFD) >= 0);
    CHECK("fd 1 writable", (fcntl(1, F_GETFL) & O_ACCMODE) != O_RDONLY);
    return 0;
}
