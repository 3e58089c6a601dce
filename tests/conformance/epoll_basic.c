/* epoll: create and ctl errors, level- and edge-triggered reports,
 * EPOLLONESHOT, data returned verbatim, maxevents, closing watched files,
 * epoll_pwait and epoll_pwait2. */
#include "conf.h"
#include <signal.h>
#include <sys/epoll.h>
#include <time.h>

/* epoll_wait with a zero timeout; prints what came. */
static int waitp(const char *what, int ep, int max)
{
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, max, 0);
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [%#x %#llx]", ev[i].events, (unsigned long long)ev[i].data.u64);
    printf("\n");
    return n;
}

static int add(int ep, int fd, unsigned events, unsigned long long data)
{
    struct epoll_event ev = { .events = events, .data.u64 = data };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, unsigned events, unsigned long long data)
{
    struct epoll_event ev = { .events = events, .data.u64 = data };
    return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

int main(void)
{
    CHECK_ERRNO("epoll_create(0)", epoll_create(0), EINVAL);
    CHECK_ERRNO("epoll_create(-1)", epoll_create(-1), EINVAL);
    CHECK_ERRNO("epoll_create1(bad flags)", epoll_create1(1), EINVAL);
    int ep = epoll_create(1);
    CHECK("epoll_create(1) gives an fd", ep >= 0);
    int ep2 = epoll_create1(EPOLL_CLOEXEC);
    printf("F_GETFD: %d %d, F_GETFL: %#o\n", fcntl(ep, F_GETFD), fcntl(ep2, F_GETFD),
           fcntl(ep, F_GETFL));
    struct stat st;
    fstat(ep, &st);
    printf("mode: %#o\n", st.st_mode);
    char link[64] = "";
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", ep);
    readlink(path, link, sizeof link - 1);
    printf("link: %s\n", link);
    char buf[16];
    CHECK_ERRNO("read an epoll fd", read(ep, buf, 16), EINVAL);
    CHECK_ERRNO("write an epoll fd", write(ep, buf, 16), EINVAL);

    int p[2];
    pipe(p);
    struct epoll_event ev = { .events = EPOLLIN };
    /* ctl errors */
    CHECK_ERRNO("ctl bad epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev), EBADF);
    CHECK_ERRNO("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
    CHECK_ERRNO("ctl epfd not an epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
    CHECK_ERRNO("ctl epoll into itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
    CHECK_ERRNO("ctl bad op", epoll_ctl(ep, 7, p[0], &ev), EINVAL);
    CHECK_ERRNO("ctl bad event pointer", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)16), EFAULT);
    CHECK_ERRNO("ctl bad event pointer, bad epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], (void *)16),
                EFAULT);
    CHECK_ERRNO("ctl DEL with NULL event, not there", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL),
                ENOENT);
    CHECK_ERRNO("ctl MOD, not there", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
    int dn = open("/dev/null", O_RDWR);
    CHECK_ERRNO("ctl ADD /dev/null", epoll_ctl(ep, EPOLL_CTL_ADD, dn, &ev), EPERM);
    conf_workdir("epoll_basic");
    int rf = open("file", O_RDWR | O_CREAT, 0600);
    CHECK_ERRNO("ctl ADD a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, rf, &ev), EPERM);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("ctl ADD a directory", epoll_ctl(ep, EPOLL_CTL_ADD, dir, &ev), EPERM);
    int opath = open("file", O_PATH);
    CHECK_ERRNO("ctl ADD an O_PATH fd", epoll_ctl(ep, EPOLL_CTL_ADD, opath, &ev), EBADF);
    CHECK_RET("ctl ADD pipe", add(ep, p[0], EPOLLIN, 1), 0);
    CHECK_ERRNO("ctl ADD again", add(ep, p[0], EPOLLIN, 1), EEXIST);
    CHECK_ERRNO("ctl ADD EPOLLEXCLUSIVE|EPOLLONESHOT", add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE |
                EPOLLONESHOT, 0), EINVAL);
    CHECK_ERRNO("ctl ADD EPOLLEXCLUSIVE|EPOLLRDHUP", add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE |
                EPOLLRDHUP, 0), EINVAL);
    CHECK_RET("ctl ADD EPOLLEXCLUSIVE", add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLET, 2), 0);
    CHECK_ERRNO("ctl MOD with EPOLLEXCLUSIVE", mod(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE, 2), EINVAL);
    CHECK_ERRNO("ctl MOD an exclusive item", mod(ep, p[1], EPOLLOUT, 2), EINVAL);
    CHECK_ERRNO("ctl ADD exclusive epoll", add(ep2, ep, EPOLLIN | EPOLLEXCLUSIVE, 0), EINVAL);
    CHECK_RET("ctl DEL", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), 0);
    CHECK_ERRNO("ctl DEL again", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT);

    /* epoll_wait errors */
    struct epoll_event out[4];
    CHECK_ERRNO("wait maxevents 0", epoll_wait(ep, out, 0, 0), EINVAL);
    CHECK_SYSCALL_ERRNO("wait maxevents -1", EINVAL, SYS_epoll_wait, ep, out, -1, 0);
    CHECK_SYSCALL_ERRNO("wait maxevents huge", EINVAL, SYS_epoll_wait, ep, out, 0x7fffffff, 0);
    CHECK_ERRNO("wait bad epfd", epoll_wait(999, out, 4, 0), EBADF);
    CHECK_ERRNO("wait not an epoll", epoll_wait(p[0], out, 4, 0), EINVAL);
    CHECK_SYSCALL_ERRNO("wait kernel pointer", EFAULT, SYS_epoll_wait, ep,
                        (void *)0xffff800000000000ul, 4, 0);

    /* level-triggered: reported while ready */
    waitp("LT, empty pipe", ep, 4);
    write(p[1], "ab", 2);
    waitp("LT, data", ep, 4);
    waitp("LT, data again", ep, 4);
    char c;
    read(p[0], &c, 1);
    waitp("LT, after a partial read", ep, 4);
    read(p[0], &c, 1);
    waitp("LT, drained", ep, 4);
    write(p[1], "x", 1);
    CHECK_SYSCALL_ERRNO("bad events buffer with an event ready", EFAULT, SYS_epoll_wait, ep,
                        (void *)16, 4, 0);
    waitp("the event stays after EFAULT", ep, 4);
    read(p[0], &c, 1);

    /* edge-triggered: once per new event */
    CHECK_RET("MOD to EPOLLET", mod(ep, p[0], EPOLLIN | EPOLLET, 0xfedcba9876543210ull), 0);
    waitp("ET, empty", ep, 4);
    write(p[1], "ab", 2);
    waitp("ET, data", ep, 4);
    waitp("ET, no new data", ep, 4);
    read(p[0], &c, 1);
    waitp("ET, after a partial read", ep, 4);
    write(p[1], "c", 1);
    waitp("ET, more data", ep, 4);
    read(p[0], buf, sizeof buf);
    waitp("ET, drained", ep, 4);
    /* MOD re-evaluates: data present is reported again */
    write(p[1], "d", 1);
    waitp("ET, new data", ep, 4);
    mod(ep, p[0], EPOLLIN | EPOLLET, 3);
    waitp("ET, after MOD", ep, 4);
    read(p[0], buf, sizeof buf);

    /* one-shot: one report, then nothing until MOD */
    mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 4);
    write(p[1], "e", 1);
    waitp("oneshot, data", ep, 4);
    waitp("oneshot, disarmed", ep, 4);
    write(p[1], "f", 1);
    waitp("oneshot, more data, disarmed", ep, 4);
    mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 5);
    waitp("oneshot, re-armed", ep, 4);
    waitp("oneshot, disarmed again", ep, 4);
    read(p[0], buf, sizeof buf);

    /* write end: EPOLLOUT; EPOLLERR when the reader goes */
    int q[2];
    pipe(q);
    add(ep, q[1], EPOLLOUT, 6);
    mod(ep, p[0], EPOLLIN, 1);
    waitp("write end", ep, 4);
    /* maxevents 1 takes turns between ready files */
    write(p[1], "g", 1);
    waitp("maxevents 1 (first)", ep, 1);
    waitp("maxevents 1 (second)", ep, 1);
    waitp("maxevents 1 (third)", ep, 1);
    read(p[0], buf, sizeof buf);
    close(q[0]);
    waitp("reader closed", ep, 4);
    /* the writer closed: EPOLLHUP, even when not asked for */
    mod(ep, q[1], 0, 6);
    waitp("events 0 still gets EPOLLERR", ep, 4);
    epoll_ctl(ep, EPOLL_CTL_DEL, q[1], NULL);
    int r[2];
    pipe(r);
    add(ep, r[0], EPOLLIN | EPOLLRDHUP, 7);
    close(r[1]);
    waitp("writer closed", ep, 4);
    close(r[0]);
    waitp("closed file left the set", ep, 4);

    /* a dup keeps the file watched, under the old fd number */
    pipe(r);
    add(ep, r[0], EPOLLIN, 8);
    int d = dup(r[0]);
    close(r[0]);
    write(r[1], "h", 1);
    waitp("watched file open through a dup", ep, 4);
    CHECK_ERRNO("DEL by the closed fd", epoll_ctl(ep, EPOLL_CTL_DEL, r[0], NULL), EBADF);
    CHECK_ERRNO("DEL by the dup", epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL), ENOENT);
    CHECK_RET("ADD the dup", add(ep, d, EPOLLIN, 9), 0);
    waitp("both fds of one file", ep, 4);
    close(d);
    waitp("all gone", ep, 4);
    close(r[1]);

    /* timeouts */
    long long t0 = conf_now_ns();
    CHECK_RET("wait 50 ms, nothing", epoll_wait(ep, out, 4, 50), 0);
    conf_check_waited("  it waited", conf_now_ns() - t0, 50);
    sigset_t set;
    sigemptyset(&set);
    t0 = conf_now_ns();
    CHECK_RET("epoll_pwait 30 ms", epoll_pwait(ep, out, 4, 30, &set), 0);
    conf_check_waited("  it waited", conf_now_ns() - t0, 30);
    CHECK_ERRNO("epoll_pwait sigsetsize 4",
                syscall(SYS_epoll_pwait, ep, out, 4, 0, &set, 4), EINVAL);
    struct timespec ts = { 0, 30000000 };
    t0 = conf_now_ns();
    CHECK_RET("epoll_pwait2 30 ms", syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8), 0);
    conf_check_waited("  it waited", conf_now_ns() - t0, 30);
    ts = (struct timespec){ 0, 1000000000 };
    CHECK_ERRNO("epoll_pwait2 tv_nsec 1e9",
                syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8), EINVAL);
    CHECK_ERRNO("epoll_pwait2 bad timespec",
                syscall(SYS_epoll_pwait2, ep, out, 4, (void *)16, NULL, 8), EFAULT);
    write(p[1], "i", 1);
    CHECK_RET("epoll_pwait2 NULL timeout, ready",
              syscall(SYS_epoll_pwait2, ep, out, 4, NULL, NULL, 8), 1);
    CHECK_RET("epoll_wait -1, ready", epoll_wait(ep, out, 4, -1), 1);

    /* closing the set leaves its files open */
    close(ep);
    CHECK_RET("pipe still works", write(p[1], "j", 1), 1);
    return 0;
}
