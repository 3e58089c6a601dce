/* What a program finds on fd 0 when its input is a pipe, as Linux gives
 * it to `producer | program`: not a terminal, a FIFO, not seekable, read
 * only; non-blocking reads fail with EAGAIN while nothing has come; poll
 * and epoll say readable once bytes come, and POLLHUP alone at the end,
 * after the last byte. It prints "ready" once it has checked what holds
 * before any input (the test writes only after that), then counts the
 * bytes (and a CRC-32) read with non-blocking reads after each poll. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "crc32.h"

static const char *err(long r)
{
    return r >= 0 ? "ok" : errno == EAGAIN ? "EAGAIN" : errno == ENOTTY ? "ENOTTY" : errno == ESPIPE ? "ESPIPE"
         : errno == EBADF ? "EBADF" : strerror(errno);
}

static void show_poll(const char *when, int timeout)
{
    struct pollfd p = { .fd = 0, .events = POLLIN };
    int r = poll(&p, 1, timeout);
    printf("poll %s: %d, POLLIN %d POLLHUP %d\n", when, r, !!(p.revents & POLLIN), !!(p.revents & POLLHUP));
}

int main(void)
{
    struct stat st;
    struct termios t;
    fstat(0, &st);
    printf("fstat: %s\n", S_ISFIFO(st.st_mode) ? "FIFO" : S_ISCHR(st.st_mode) ? "character device" : "other");
    printf("isatty: %d\n", isatty(0));
    printf("tcgetattr: %s\n", err(tcgetattr(0, &t)));
    printf("lseek: %s\n", err(lseek(0, 0, SEEK_CUR)));
    printf("access mode read-only: %d\n", (fcntl(0, F_GETFL) & O_ACCMODE) == O_RDONLY);
    printf("write: %s\n", err(write(0, "x", 1)));

    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    char c;
    printf("read before input: %s\n", err(read(0, &c, 1)));
    show_poll("before input", 0);
    int avail = -1;
    const char *fionread = err(ioctl(0, FIONREAD, &avail));
    printf("FIONREAD before input: %s %d\n", fionread, avail);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN };
    printf("epoll_ctl: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev)));
    printf("ready\n");
    fflush(stdout);

    struct epoll_event got;
    int n = epoll_wait(ep, &got, 1, -1);
    printf("epoll_wait: %d, EPOLLIN %d\n", n, n == 1 && (got.events & EPOLLIN));
    unsigned char buf[4096];
    unsigned long long bytes = 0;
    uint32_t crc = 0;
    int fionread_ok = 1;
    for (;;) {
        struct pollfd p = { .fd = 0, .events = POLLIN };
        if (poll(&p, 1, -1) != 1) {
            printf("poll: %s\n", strerror(errno));
            return 1;
        }
        if (p.revents & POLLIN) {
            fionread_ok &= ioctl(0, FIONREAD, &avail) == 0 && avail > 0;
        }
        ssize_t r = read(0, buf, sizeof buf);
        if (r == 0)
            break;
        if (r < 0) {
            printf("read after poll: %s\n", err(r));
            return 1;
        }
        crc = crc32_update(crc, buf, (size_t)r);
        bytes += (unsigned long long)r;
    }
    printf("FIONREAD positive whenever POLLIN: %d\n", fionread_ok);
    printf("input: %llu bytes, crc32 %08x\n", bytes, crc);
    show_poll("at the end", 0);
    printf("read at the end: %zd\n", read(0, buf, sizeof buf));
    n = epoll_wait(ep, &got, 1, 0);
    printf("epoll_wait at the end: %d, EPOLLIN %d EPOLLHUP %d\n", n, n == 1 && (got.events & EPOLLIN),
           n == 1 && !!(got.events & EPOLLHUP));
    return 0;
}
