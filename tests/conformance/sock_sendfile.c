/* sendfile from a regular file into sockets (an AF_UNIX pair and TCP over
 * loopback): with an offset pointer (advanced, the file position left
 * alone), without one (the position advances), a count past the end of
 * the file, at the end (0), and the argument errors. */
#include "conf.h"
#include <arpa/inet.h>
#include <pthread.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#define SIZE 100000

static unsigned char data[SIZE];

struct reader {
    int fd;
    long got;
    int same;
};

static void *reader(void *arg)
{
    struct reader *r = arg;
    static unsigned char buf[SIZE + 10];
    ssize_t n;
    while ((n = read(r->fd, buf + r->got, sizeof buf - (size_t)r->got)) > 0)
        r->got += n;
    r->same = r->got == SIZE && memcmp(buf, data, SIZE) == 0;
    return NULL;
}

int main(void)
{
    conf_workdir("sock_sendfile");
    for (int i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 7 + i / 251);
    conf_write_file("data", data, SIZE);
    int f = open("data", O_RDONLY);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    off_t off = 1000;
    CHECK_RET("sendfile 5000 bytes at offset 1000", sendfile(sv[0], f, &off, 5000), 5000);
    CHECK("offset advanced", off == 6000);
    CHECK("file position untouched", lseek(f, 0, SEEK_CUR) == 0);
    static unsigned char buf[SIZE];
    CHECK_RET("the bytes arrive", read(sv[1], buf, sizeof buf), 5000);
    CHECK("right bytes", memcmp(buf, data + 1000, 5000) == 0);
    lseek(f, 99000, SEEK_SET);
    CHECK_RET("without an offset: up to the end", sendfile(sv[0], f, NULL, 5000), 1000);
    CHECK("position advanced to the end", lseek(f, 0, SEEK_CUR) == SIZE);
    CHECK_RET("at the end: 0", sendfile(sv[0], f, NULL, 5000), 0);
    CHECK_RET("read them", read(sv[1], buf, sizeof buf), 1000);
    CHECK("the last 1000", memcmp(buf, data + 99000, 1000) == 0);
    off = SIZE + 5;
    CHECK_RET("offset past the end", sendfile(sv[0], f, &off, 10), 0);
    CHECK_RET("count 0", sendfile(sv[0], f, NULL, 0), 0);
    CHECK_ERRNO("from a socket", sendfile(sv[0], sv[1], NULL, 10), EINVAL);
    CHECK_ERRNO("bad in fd", sendfile(sv[0], 999, NULL, 10), EBADF);
    CHECK_ERRNO("bad out fd", sendfile(999, f, NULL, 10), EBADF);
    off = -1;
    CHECK_ERRNO("negative offset", sendfile(sv[0], f, &off, 10), EINVAL);
    CHECK_SYSCALL_ERRNO("bad offset pointer", EFAULT, SYS_sendfile, sv[0], f, (void *)16, 10);
    int w = open("data", O_WRONLY);
    CHECK_ERRNO("in fd not open for reading", sendfile(sv[0], w, NULL, 10), EBADF);
    close(w);
    close(sv[0]);
    close(sv[1]);

    /* All of it over TCP, with a reader on the other side. */
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 1);
    getsockname(l, (struct sockaddr *)&a, &al);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    struct reader r = { accept(l, NULL, NULL), 0, 0 };
    pthread_t t;
    pthread_create(&t, NULL, reader, &r);
    off = 0;
    long sent = 0;
    while (sent < SIZE) {
        ssize_t n = sendfile(c, f, &off, SIZE);
        if (n <= 0)
            break;
        sent += n;
    }
    CHECK("sent the whole file over TCP", sent == SIZE && off == SIZE);
    close(c);
    pthread_join(t, NULL);
    CHECK("the reader got it, intact", r.same);
    close(r.fd);
    close(l);
    close(f);
    printf("done\n");
    return 0;
}
