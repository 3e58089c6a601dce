/* poll and ppoll: pipe and /dev/null readiness, POLLHUP/POLLERR on closed
 * ends, negative and bad fds, timeouts, argument errors, ppoll's timeout
 * write-back. */
#include "conf.h"
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

/* One fd: the count poll returns and the revents, printed. */
static void poll1(const char *what, int fd, short events)
{
    struct pollfd p = { fd, events, 0x7777 };
    int n = poll(&p, 1, 0);
    printf("%s: n=%d revents=%#x\n", what, n, (unsigned short)p.revents);
}

int main(void)
{
    int p[2];
    pipe(p);
    short all = POLLIN | POLLOUT | POLLPRI | POLLRDNORM | POLLWRNORM | POLLRDBAND | POLLWRBAND;
    poll1("empty pipe, read end", p[0], all);
    poll1("empty pipe, write end", p[1], all);
    write(p[1], "x", 1);
    poll1("pipe with data, read end", p[0], all);
    poll1("pipe with data, read end, POLLIN only", p[0], POLLIN);
    poll1("pipe with data, read end, POLLOUT only", p[0], POLLOUT);
    poll1("pipe with data, events 0", p[0], 0);

    /* several at once: count of ready fds, not of events */
    struct pollfd ps[4] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { -1, POLLIN, 0x55 },
                            { p[0], POLLIN | POLLOUT, 0 } };
    CHECK_RET("poll 4 (one negative)", poll(ps, 4, 0), 3);
    printf("revents: %#x %#x %#x %#x\n", ps[0].revents, ps[1].revents, ps[2].revents,
           ps[3].revents);

    /* the write end closed: the reader sees the data and POLLHUP */
    close(p[1]);
    poll1("writer closed, data left", p[0], POLLIN);
    char c;
    read(p[0], &c, 1);
    poll1("writer closed, drained", p[0], POLLIN);
    poll1("writer closed, events 0", p[0], 0);
    close(p[0]);

    /* the read end closed: the writer sees POLLERR */
    pipe(p);
    close(p[0]);
    poll1("reader closed, write end", p[1], POLLOUT);
    poll1("reader closed, events 0", p[1], 0);
    close(p[1]);

    /* fill a pipe: not writable until there is room again */
    pipe2(p, O_NONBLOCK);
    static char big[1 << 16];
    while (write(p[1], big, sizeof big) > 0)
        ;
    while (write(p[1], big, 1) > 0)
        ;
    poll1("full pipe, write end", p[1], POLLOUT);
    while (read(p[0], big, sizeof big) > 0)
        ;
    poll1("drained pipe, write end", p[1], POLLOUT);
    close(p[0]);
    close(p[1]);

    /* files without a poll operation are always ready */
    int dn = open("/dev/null", O_RDWR);
    poll1("/dev/null", dn, all);
    conf_workdir("poll_basic");
    int rf = open("file", O_RDWR | O_CREAT, 0600);
    poll1("regular file", rf, all);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    poll1("directory", dir, POLLIN | POLLOUT);
    int opath = open("file", O_PATH);
    poll1("O_PATH fd", opath, POLLIN);

    /* bad fds: POLLNVAL, counted, whatever events asked */
    close(rf);
    poll1("closed fd", rf, POLLIN);
    poll1("closed fd, events 0", rf, 0);
    poll1("fd 100000", 100000, POLLIN);
    poll1("negative fd", -5, POLLIN);

    /* timeouts */
    pipe(p);
    struct pollfd w = { p[0], POLLIN, 0 };
    long long t0 = conf_now_ns();
    CHECK_RET("poll 50 ms on empty pipe", poll(&w, 1, 50), 0);
    conf_check_waited("  it waited", conf_now_ns() - t0, 50);
    CHECK_RET("poll 0 ms", poll(&w, 1, 0), 0);
    t0 = conf_now_ns();
    CHECK_RET("poll(NULL, 0, 30) sleeps", poll(NULL, 0, 30), 0);
    conf_check_waited("  it slept", conf_now_ns() - t0, 30);
    write(p[1], "y", 1);
    CHECK_RET("poll -1 with data", poll(&w, 1, -1), 1);

    /* argument errors */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    CHECK_SYSCALL_ERRNO("nfds over RLIMIT_NOFILE", EINVAL, SYS_poll, &w, rl.rlim_cur + 1, 0);
    CHECK_SYSCALL_ERRNO("bad pollfd pointer", EFAULT, SYS_poll, (void *)16, 1, 0);
    CHECK_SYSCALL_ERRNO("kernel pollfd pointer", EFAULT, SYS_poll, (void *)0xffff800000000000ul,
                        1, 0);

    /* ppoll: timespec timeout written back (raw: glibc hides it) */
    read(p[0], &c, 1);
    struct timespec ts = { 0, 40 * 1000 * 1000 };
    CHECK_RET("ppoll 40 ms", syscall(SYS_ppoll, &w, 1, &ts, NULL, 8), 0);
    printf("ppoll timeout left: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    write(p[1], "z", 1);
    ts = (struct timespec){ 5, 0 };
    CHECK_RET("ppoll 5 s, ready", syscall(SYS_ppoll, &w, 1, &ts, NULL, 8), 1);
    CHECK("time left written back: under 5 s", ts.tv_sec < 5 && (ts.tv_sec || ts.tv_nsec));
    ts = (struct timespec){ 0, 0 };
    CHECK_RET("ppoll zero timeout", syscall(SYS_ppoll, &w, 1, &ts, NULL, 8), 1);
    printf("zero timeout left: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    CHECK_RET("ppoll NULL timeout, ready", syscall(SYS_ppoll, &w, 1, NULL, NULL, 8), 1);
    ts = (struct timespec){ 0, 1000000000 };
    CHECK_SYSCALL_ERRNO("ppoll tv_nsec 1e9", EINVAL, SYS_ppoll, &w, 1, &ts, NULL, 8);
    ts = (struct timespec){ -1, 0 };
    CHECK_SYSCALL_ERRNO("ppoll negative tv_sec", EINVAL, SYS_ppoll, &w, 1, &ts, NULL, 8);
    CHECK_SYSCALL_ERRNO("ppoll bad timespec pointer", EFAULT, SYS_ppoll, &w, 1, (void *)16, NULL, 8);
    sigset_t set, before, after;
    sigemptyset(&set);
    sigprocmask(SIG_BLOCK, NULL, &before);
    CHECK_SYSCALL_ERRNO("ppoll sigsetsize 4", EINVAL, SYS_ppoll, &w, 1, NULL, &set, 4);
    CHECK_RET("ppoll sigsetsize 4 without a mask", syscall(SYS_ppoll, &w, 1, NULL, NULL, 4), 1);
    CHECK_SYSCALL_ERRNO("ppoll bad sigmask pointer", EFAULT, SYS_ppoll, &w, 1, NULL, (void *)16, 8);
    CHECK_RET("ppoll with an empty mask", syscall(SYS_ppoll, &w, 1, NULL, &set, 8), 1);
    sigprocmask(SIG_BLOCK, NULL, &after);
    /* the kernel's part of a sigset_t: 64 signals */
    CHECK("mask unchanged after ppoll", !memcmp(&before, &after, 8));
    return 0;
}
