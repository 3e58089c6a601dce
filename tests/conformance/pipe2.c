/* pipe2 in one thread: ordering, EOF, O_NONBLOCK EAGAIN, O_CLOEXEC, capacity, ESPIPE. */
#include "conf.h"

int main(void)
{
    int p[2];
    CHECK_RET("pipe2 flags 0", pipe2(p, 0), 0);
    printf("pipe fds: %d %d\n", p[0], p[1]);
    struct stat st;
    fstat(p[0], &st);
    CHECK("read end is a FIFO", S_ISFIFO(st.st_mode));
    fstat(p[1], &st);
    CHECK("write end is a FIFO", S_ISFIFO(st.st_mode));
    printf("F_GETFL read end: %#o write end: %#o\n", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
    printf("F_GETFD read end: %d\n", fcntl(p[0], F_GETFD));

    CHECK_RET("write 5", write(p[1], "first", 5), 5);
    CHECK_RET("write 6", write(p[1], "second", 6), 6);
    char buf[100000];
    memset(buf, 0, 64);
    CHECK_RET("read 3 (partial)", read(p[0], buf, 3), 3);
    printf("data: [%s]\n", buf);
    memset(buf, 0, 64);
    CHECK_RET("read rest in one go", read(p[0], buf, 64), 8);
    printf("data: [%s]\n", buf);
    CHECK_ERRNO("write to read end", write(p[0], "x", 1), EBADF);
    CHECK_ERRNO("read from write end", read(p[1], buf, 1), EBADF);
    CHECK_ERRNO("lseek on pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
    CHECK_ERRNO("pread on pipe", pread(p[0], buf, 1, 0), ESPIPE);
    CHECK_ERRNO("pwrite on pipe", pwrite(p[1], "x", 1, 0), ESPIPE);
    CHECK_ERRNO("ftruncate on pipe", ftruncate(p[1], 0), EINVAL);
    CHECK_RET("write 0 bytes", write(p[1], "", 0), 0);
    /* read after the write end is closed: data, then EOF */
    write(p[1], "tail", 4);
    close(p[1]);
    memset(buf, 0, 64);
    CHECK_RET("read remaining after close", read(p[0], buf, 64), 4);
    printf("data: [%s]\n", buf);
    CHECK_RET("EOF", read(p[0], buf, 64), 0);
    CHECK_RET("EOF again", read(p[0], buf, 64), 0);
    close(p[0]);

    /* O_NONBLOCK */
    CHECK_RET("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK), 0);
    printf("F_GETFL nonblock: read end %s write end %s\n",
           (fcntl(p[0], F_GETFL) & O_NONBLOCK) ? "yes" : "no",
           (fcntl(p[1], F_GETFL) & O_NONBLOCK) ? "yes" : "no");
    CHECK_ERRNO("read empty nonblocking pipe", read(p[0], buf, 10), EAGAIN);
    /* fill it: Linux's default pipe holds 16 pages */
    long total = 0;
    memset(buf, 'p', sizeof buf);
    for (int i = 0; i < 1000; i++) {
        ssize_t n = write(p[1], buf, 4096);
        if (n < 0) {
            printf("full pipe write: errno %s\n", errname(errno));
            break;
        }
        total += n;
    }
    printf("pipe capacity: %ld\n", total);
    CHECK_ERRNO("write 1 byte to full pipe", write(p[1], "x", 1), EAGAIN);
    CHECK_RET("drain 100000", read(p[0], buf, sizeof buf), total);
    CHECK_ERRNO("empty again", read(p[0], buf, 10), EAGAIN);
    /* a big nonblocking write into an empty pipe writes what fits */
    CHECK_RET("big nonblocking write is partial", write(p[1], buf, sizeof buf), total);
    close(p[0]);
    close(p[1]);

    /* O_CLOEXEC */
    CHECK_RET("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC), 0);
    printf("F_GETFD cloexec: read end %d write end %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
    close(p[0]);
    close(p[1]);
    CHECK_ERRNO("pipe2 bad flags", pipe2(p, O_APPEND), EINVAL);
    /* pipe() is pipe2(…, 0) */
    CHECK_RET("pipe()", pipe(p), 0);
    printf("pipe() fds: %d %d\n", p[0], p[1]);
    /* a pipe through a dup: data written to the dup arrives */
    int w2 = dup(p[1]);
    write(w2, "via dup", 7);
    close(w2);
    close(p[1]);
    memset(buf, 0, 64);
    CHECK_RET("read via dup", read(p[0], buf, 64), 7);
    printf("data: [%s]\n", buf);
    CHECK_RET("EOF only after all writers closed", read(p[0], buf, 64), 0);
    return 0;
}
