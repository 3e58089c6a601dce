/* timerfd: a timer as a file. A read gets the count of expiries (8 bytes),
 * blocks while there are none (EAGAIN with TFD_NONBLOCK); poll and epoll see
 * POLLIN while there are; a periodic timer counts every period that passed;
 * TFD_TIMER_ABSTIME takes a time on the timer's clock; settime drops the
 * expiries not read and returns the old setting. */
#include "conf.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

#define MS 1000000L

static struct itimerspec spec(long value_ns, long interval_ns)
{
    struct itimerspec s = {{interval_ns / 1000000000L, interval_ns % 1000000000L},
                           {value_ns / 1000000000L, value_ns % 1000000000L}};
    return s;
}

static long long ns_of(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static uint64_t read_count(int fd)
{
    uint64_t n = 0;
    ssize_t r = read(fd, &n, sizeof n);
    return r == sizeof n ? n : 0;
}

static void errors(void)
{
    CHECK_ERRNO("create CLOCK_PROCESS_CPUTIME_ID", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
    CHECK_ERRNO("create CLOCK_MONOTONIC_RAW", timerfd_create(CLOCK_MONOTONIC_RAW, 0), EINVAL);
    CHECK_ERRNO("create bad flags", timerfd_create(CLOCK_MONOTONIC, 0x4), EINVAL);
    int fd = timerfd_create(CLOCK_MONOTONIC, 0), p[2];
    if (pipe(p) != 0)
        return;
    struct itimerspec s = spec(10 * MS, 0), bad = spec(0, 0);
    bad.it_value.tv_nsec = 1000000000L;
    CHECK_ERRNO("settime bad fd", timerfd_settime(99, 0, &s, NULL), EBADF);
    CHECK_ERRNO("settime on a pipe", timerfd_settime(p[0], 0, &s, NULL), EINVAL);
    CHECK_ERRNO("settime bad flags", timerfd_settime(fd, 4, &s, NULL), EINVAL);
    CHECK_ERRNO("settime tv_nsec 1e9", timerfd_settime(fd, 0, &bad, NULL), EINVAL);
    bad = spec(0, 0);
    bad.it_interval.tv_sec = -1;
    CHECK_ERRNO("settime negative interval", timerfd_settime(fd, 0, &bad, NULL), EINVAL);
    CHECK_SYSCALL_ERRNO("settime NULL value", EFAULT, SYS_timerfd_settime, fd, 0, NULL, NULL);
    CHECK_SYSCALL_ERRNO("settime bad value pointer, bad fd", EFAULT, SYS_timerfd_settime, 99, 0,
                        (void *)8, NULL);
    CHECK_ERRNO("gettime bad fd", timerfd_gettime(99, &s), EBADF);
    CHECK_ERRNO("gettime on a pipe", timerfd_gettime(p[0], &s), EINVAL);
    CHECK_SYSCALL_ERRNO("gettime bad pointer", EFAULT, SYS_timerfd_gettime, fd, (void *)8);
    char small[4];
    CHECK_ERRNO("read of 4 bytes", read(fd, small, sizeof small), EINVAL);
    CHECK_ERRNO("write", write(fd, small, sizeof small), EINVAL);
    close(p[0]);
    close(p[1]);
    close(fd);
}

static void file_facts(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    CHECK("create: fd", fd >= 0);
    CHECK("TFD_CLOEXEC is FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK("TFD_NONBLOCK is O_NONBLOCK, open O_RDWR",
          (fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == (O_RDWR | O_NONBLOCK));
    conf_print_fd_link(fd);
    struct itimerspec cur = spec(1, 1);
    CHECK_RET("gettime of a new timer", timerfd_gettime(fd, &cur), 0);
    CHECK("new timer disarmed", ns_of(&cur.it_value) == 0 && ns_of(&cur.it_interval) == 0);
    uint64_t v;
    CHECK_ERRNO("nonblocking read of a disarmed timer", read(fd, &v, sizeof v), EAGAIN);
    struct pollfd pfd = {fd, POLLIN | POLLOUT, 0};
    CHECK_RET("poll of a disarmed timer: nothing", poll(&pfd, 1, 0), 0);
    close(fd);
}

static void one_shot(int clock, const char *name)
{
    int fd = timerfd_create(clock, 0);
    struct itimerspec s = spec(50 * MS, 0);
    long long t0 = conf_now_ns();
    CHECK_RET("settime 50 ms", timerfd_settime(fd, 0, &s, NULL), 0);
    uint64_t n = read_count(fd);
    char what[64];
    snprintf(what, sizeof what, "%s: blocking read", name);
    conf_check_waited(what, conf_now_ns() - t0, 50);
    printf("%s: expiries read: %llu\n", name, (unsigned long long)n);
    struct itimerspec cur = spec(1, 1);
    timerfd_gettime(fd, &cur);
    CHECK("expired one-shot reads as disarmed", ns_of(&cur.it_value) == 0 && ns_of(&cur.it_interval) == 0);
    close(fd);
}

static void periodic(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec s = spec(20 * MS, 20 * MS), cur;
    timerfd_settime(fd, 0, &s, NULL);
    struct pollfd pfd = {fd, POLLIN, 0};
    long long t0 = conf_now_ns();
    CHECK_RET("poll waits for the first expiry", poll(&pfd, 1, 10000), 1);
    conf_check_waited("poll until the first expiry", conf_now_ns() - t0, 20);
    CHECK("poll: POLLIN alone", pfd.revents == POLLIN);
    conf_sleep_ms(100);
    uint64_t n = read_count(fd);
    CHECK("120 ms of a 20 ms timer: 5 expiries or more", n >= 5);
    CHECK_ERRNO("read again at once", read(fd, &n, sizeof n), EAGAIN);
    timerfd_gettime(fd, &cur);
    CHECK("gettime: interval 20 ms", ns_of(&cur.it_interval) == 20 * MS);
    CHECK("gettime: next expiry within 20 ms", ns_of(&cur.it_value) > 0 && ns_of(&cur.it_value) <= 20 * MS);
    struct itimerspec off = spec(0, 5 * MS), old;
    CHECK_RET("settime 0 disarms", timerfd_settime(fd, 0, &off, &old), 0);
    CHECK("settime's old value: interval 20 ms", ns_of(&old.it_interval) == 20 * MS);
    timerfd_gettime(fd, &cur);
    CHECK("disarmed: value 0, the interval given (5 ms) kept",
          ns_of(&cur.it_value) == 0 && ns_of(&cur.it_interval) == 5 * MS);
    close(fd);
}

static void absolute(int clock, const char *name)
{
    int fd = timerfd_create(clock, 0);
    struct timespec now;
    clock_gettime(clock, &now);
    long long at = ns_of(&now) + 30 * MS;
    struct itimerspec s = spec(0, 0);
    s.it_value.tv_sec = at / 1000000000LL;
    s.it_value.tv_nsec = at % 1000000000LL;
    long long t0 = conf_now_ns();
    CHECK_RET("settime TFD_TIMER_ABSTIME 30 ms ahead", timerfd_settime(fd, TFD_TIMER_ABSTIME, &s, NULL), 0);
    uint64_t n = read_count(fd);
    char what[64];
    snprintf(what, sizeof what, "%s absolute: blocking read", name);
    conf_check_waited(what, conf_now_ns() - t0, 30);
    printf("%s absolute: expiries read: %llu\n", name, (unsigned long long)n);
    s = spec(1000000000L, 0);        /* 1 s after the epoch (or boot): long past */
    CHECK_RET("settime absolute time in the past", timerfd_settime(fd, TFD_TIMER_ABSTIME, &s, NULL), 0);
    printf("%s absolute past: expiries read: %llu\n", name, (unsigned long long)read_count(fd));
    close(fd);
}

static void dropped_and_old(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec s = spec(1 * MS, 0), old;
    timerfd_settime(fd, 0, &s, NULL);
    struct pollfd pfd = {fd, POLLIN, 0};
    poll(&pfd, 1, 10000);
    CHECK("expired: readable", pfd.revents == POLLIN);
    s = spec(10000 * MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    uint64_t n;
    CHECK_ERRNO("settime dropped the expiry not read", read(fd, &n, sizeof n), EAGAIN);
    s = spec(0, 0);
    CHECK_RET("settime with old", timerfd_settime(fd, 0, &s, &old), 0);
    CHECK("old: one-shot", ns_of(&old.it_interval) == 0);
    CHECK("old: 9 to 10 s left", ns_of(&old.it_value) > 9000 * MS && ns_of(&old.it_value) <= 10000 * MS);
    close(fd);
}

static void with_epoll(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK), ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    CHECK_RET("epoll: disarmed timer not ready", epoll_wait(ep, &out, 1, 0), 0);
    struct itimerspec s = spec(30 * MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    long long t0 = conf_now_ns();
    CHECK_RET("epoll_wait until the expiry", epoll_wait(ep, &out, 1, 10000), 1);
    conf_check_waited("epoll_wait", conf_now_ns() - t0, 30);
    CHECK("epoll: EPOLLIN, its data", out.events == EPOLLIN && out.data.u32 == 7);
    printf("epoll: expiries read: %llu\n", (unsigned long long)read_count(fd));
    CHECK_RET("epoll: not ready after the read", epoll_wait(ep, &out, 1, 0), 0);
    close(ep);
    close(fd);
}

int main(void)
{
    errors();
    file_facts();
    one_shot(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
    one_shot(CLOCK_REALTIME, "CLOCK_REALTIME");
    one_shot(CLOCK_BOOTTIME, "CLOCK_BOOTTIME");
    periodic();
    absolute(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
    absolute(CLOCK_REALTIME, "CLOCK_REALTIME");
    dropped_and_old();
    with_epoll();
    return 0;
}
