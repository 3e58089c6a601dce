/* eventfd and eventfd2: counter semantics, EFD_SEMAPHORE, EFD_NONBLOCK,
 * EFD_CLOEXEC, reads of 8 bytes or more, writes of exactly 8, the
 * overflow rule, readiness through poll and epoll. */
#include "conf.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static void rd(const char *what, int fd)
{
    uint64_t v = 0;
    errno = 0;
    long n = read(fd, &v, sizeof v);
    if (n < 0)
        printf("%s: -1 (errno %s)\n", what, errname(errno));
    else
        printf("%s: %ld bytes, value %llu\n", what, n, (unsigned long long)v);
}

static long wr(int fd, uint64_t v)
{
    return write(fd, &v, sizeof v);
}

static void pollmask(const char *what, int fd)
{
    struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM | POLLPRI, 0 };
    poll(&p, 1, 0);
    printf("%s: revents %#x\n", what, p.revents);
}

int main(void)
{
    int e = eventfd(5, EFD_NONBLOCK);
    CHECK("eventfd(5, EFD_NONBLOCK)", e >= 0);
    printf("F_GETFL: %#o, F_GETFD: %d\n", fcntl(e, F_GETFL), fcntl(e, F_GETFD));
    struct stat st;
    fstat(e, &st);
    printf("mode: %#o\n", st.st_mode);
    char link[64] = "", path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", e);
    readlink(path, link, sizeof link - 1);
    printf("link: %s\n", link);

    pollmask("count 5", e);
    rd("read", e);
    pollmask("count 0", e);
    rd("read empty, nonblocking", e);
    CHECK_RET("write 3", wr(e, 3), 8);
    CHECK_RET("write 4", wr(e, 4), 8);
    rd("read sums", e);

    /* sizes: at least 8 bytes, exactly 8 moved */
    char buf[16];
    memset(buf, 0, sizeof buf);
    wr(e, 9);
    CHECK_ERRNO("read 7 bytes", read(e, buf, 7), EINVAL);
    CHECK_RET("read 16 bytes gives 8", read(e, buf, 16), 8);
    printf("value: %llu\n", (unsigned long long)*(uint64_t *)buf);
    CHECK_ERRNO("write 7 bytes", write(e, buf, 7), EINVAL);
    *(uint64_t *)buf = 2;
    CHECK_ERRNO("write 16 bytes", write(e, buf, 16), EINVAL);
    CHECK_RET("write 8 bytes", write(e, buf, 8), 8);
    rd("read", e);
    CHECK_SYSCALL_ERRNO("write from a bad pointer", EFAULT, SYS_write, e, (void *)16, 8);
    CHECK_SYSCALL_ERRNO("read into a kernel pointer", EFAULT, SYS_read, e,
                        (void *)0xffff800000000000ul, 8);

    /* overflow: the count stays below 2^64-1 */
    CHECK_ERRNO("write 2^64-1", wr(e, UINT64_MAX), EINVAL);
    CHECK_RET("write 2^64-2", wr(e, UINT64_MAX - 1), 8);
    pollmask("count 2^64-2", e);
    CHECK_ERRNO("write 1 more, nonblocking", wr(e, 1), EAGAIN);
    CHECK_RET("write 0 still fits", wr(e, 0), 8);
    rd("read it all", e);
    pollmask("count 0 again", e);

    /* semaphore mode: one at a time */
    int s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    printf("semaphore F_GETFD: %d\n", fcntl(s, F_GETFD));
    rd("sem read", s);
    rd("sem read", s);
    rd("sem read", s);
    rd("sem read, empty", s);
    wr(s, 2);
    rd("sem read", s);
    close(s);

    CHECK_ERRNO("eventfd2 bad flags", eventfd(0, 2), EINVAL);
    CHECK_ERRNO("eventfd2 O_APPEND", eventfd(0, O_APPEND), EINVAL);
    int b = syscall(SYS_eventfd, 7);
    CHECK("eventfd (284)", b >= 0);
    printf("eventfd (284) F_GETFL: %#o\n", fcntl(b, F_GETFL));
    rd("blocking read of a nonzero count", b);
    close(b);

    /* through epoll: level and edge */
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 42 };
    CHECK_RET("epoll ADD eventfd", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev), 0);
    struct epoll_event out[2];
    CHECK_RET("ET: nothing", epoll_wait(ep, out, 2, 0), 0);
    wr(e, 1);
    CHECK_RET("ET: after a write", epoll_wait(ep, out, 2, 0), 1);
    printf("events %#x data %llu\n", out[0].events, (unsigned long long)out[0].data.u64);
    CHECK_RET("ET: again", epoll_wait(ep, out, 2, 0), 0);
    wr(e, 0);
    CHECK_RET("ET: a write of 0 is an event", epoll_wait(ep, out, 2, 0), 1);
    rd("read", e);
    CHECK_RET("ET: after the read", epoll_wait(ep, out, 2, 0), 0);
    ev.events = EPOLLOUT;
    epoll_ctl(ep, EPOLL_CTL_MOD, e, &ev);
    CHECK_RET("LT EPOLLOUT", epoll_wait(ep, out, 2, 0), 1);
    printf("events %#x\n", out[0].events);
    close(ep);
    close(e);
    return 0;
}
