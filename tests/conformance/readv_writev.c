/* readv/writev: gathering, scattering, empty iovecs, limits, stdout. */
#include "conf.h"
#include <limits.h>
#include <sys/uio.h>

int main(void)
{
    conf_workdir("readv_writev");
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);

    struct iovec w[4] = {
        {"Hello", 5}, {NULL, 0}, {", ", 2}, {"vectored world", 14},
    };
    CHECK_RET("writev 4 iovecs (one empty)", writev(fd, w, 4), 21);
    CHECK_RET("offset after writev", lseek(fd, 0, SEEK_CUR), 21);
    CHECK_RET("writev iovcnt 0", writev(fd, w, 0), 0);

    lseek(fd, 0, SEEK_SET);
    char a[3], b[1], c[10], d[40];
    memset(d, 0, sizeof d);
    struct iovec r[5] = {{a, 3}, {NULL, 0}, {b, 1}, {c, 10}, {d, sizeof d}};
    CHECK_RET("readv scatters, short at EOF", readv(fd, r, 5), 21);
    printf("a=[%.3s] b=[%.1s] c=[%.10s] d=[%s]\n", a, b, c, d);
    CHECK_RET("readv at EOF", readv(fd, r, 5), 0);

    /* readv with exact sizes */
    lseek(fd, 7, SEEK_SET);
    char x[9], y[5];
    struct iovec r2[2] = {{x, 9}, {y, 5}};
    CHECK_RET("readv exact", readv(fd, r2, 2), 14);
    printf("x=[%.9s] y=[%.5s]\n", x, y);

    /* errors */
    struct iovec *many = calloc(1025, sizeof *many);
    for (int i = 0; i < 1025; i++) {
        many[i].iov_base = a;
        many[i].iov_len = 1;
    }
    CHECK_RET("writev 1024 iovecs (IOV_MAX)", writev(fd, many, 1024), 1024);
    CHECK_ERRNO("writev 1025 iovecs", writev(fd, many, 1025), EINVAL);
    CHECK_ERRNO("readv 1025 iovecs", readv(fd, many, 1025), EINVAL);
    CHECK_ERRNO("writev iovcnt -1", syscall(SYS_writev, fd, many, -1), EINVAL);
    struct iovec huge[1] = {{a, (size_t)SSIZE_MAX + 1}};
    CHECK_ERRNO("writev iov_len > SSIZE_MAX", writev(fd, huge, 1), EINVAL);
    CHECK_ERRNO("writev bad fd", writev(999, w, 4), EBADF);
    free(many);
    close(fd);

    int ro = open("f", O_RDONLY);
    CHECK_ERRNO("writev to read-only fd", writev(ro, w, 4), EBADF);
    close(ro);

    /* writev to stdout and to a pipe, interleaved with stdio */
    fflush(stdout);
    struct iovec o[3] = {{"writev ", 7}, {"to ", 3}, {"stdout\n", 7}};
    if (writev(1, o, 3) != 17)
        printf("writev stdout short\n");
    int p[2];
    if (pipe(p) == 0) {
        CHECK_RET("writev to pipe", writev(p[1], w, 4), 21);
        char pb[32] = {0};
        struct iovec pr[2] = {{pb, 4}, {pb + 4, 28}};
        CHECK_RET("readv from pipe", readv(p[0], pr, 2), 21);
        printf("pipe data: [%s]\n", pb);
    }
    return 0;
}
