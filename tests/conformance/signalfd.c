/* signalfd: blocked signals read from a file. A read takes pending signals
 * of the file's mask as struct signalfd_siginfo (several when they fit),
 * blocks while none is pending (EAGAIN with SFD_NONBLOCK); poll and epoll
 * see POLLIN; signalfd4 on the fd gives it a new mask. */
#include "conf.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/time.h>

static sigset_t set_of(int a, int b)
{
    sigset_t s;
    sigemptyset(&s);
    if (a)
        sigaddset(&s, a);
    if (b)
        sigaddset(&s, b);
    return s;
}

static int pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

static void errors(void)
{
    sigset_t s = set_of(SIGUSR1, 0);
    int p[2];
    if (pipe(p) != 0)
        return;
    CHECK_SYSCALL_ERRNO("signalfd4 sizemask 4", EINVAL, SYS_signalfd4, -1, &s, 4, 0);
    CHECK_SYSCALL_ERRNO("signalfd4 sizemask 16", EINVAL, SYS_signalfd4, -1, &s, 16, 0);
    CHECK_SYSCALL_ERRNO("signalfd4 bad flags", EINVAL, SYS_signalfd4, -1, &s, 8, 1);
    CHECK_SYSCALL_ERRNO("signalfd4 bad mask pointer", EFAULT, SYS_signalfd4, -1, (void *)8, 8, 0);
    CHECK_SYSCALL_ERRNO("signalfd4 on a pipe", EINVAL, SYS_signalfd4, p[0], &s, 8, 0);
    CHECK_SYSCALL_ERRNO("signalfd4 on a closed fd", EBADF, SYS_signalfd4, 99, &s, 8, 0);
    CHECK_SYSCALL_ERRNO("signalfd4 on fd -2", EBADF, SYS_signalfd4, -2, &s, 8, 0);
    CHECK_SYSCALL_ERRNO("signalfd sizemask 4", EINVAL, SYS_signalfd, -1, &s, 4);
    int fd = signalfd(-1, &s, 0);
    char small[64];
    CHECK_ERRNO("read of 64 bytes", read(fd, small, sizeof small), EINVAL);
    CHECK_ERRNO("write", write(fd, small, sizeof small), EINVAL);
    close(fd);
    close(p[0]);
    close(p[1]);
}

static int read_one(int fd, struct signalfd_siginfo *si)
{
    memset(si, 0, sizeof *si);
    ssize_t n = read(fd, si, sizeof *si);
    return n == sizeof *si ? (int)si->ssi_signo : n < 0 ? -errno : 0;
}

static void basics(void)
{
    sigset_t s = set_of(SIGUSR1, 0);
    int fd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
    CHECK("signalfd: fd", fd >= 0);
    CHECK("SFD_CLOEXEC is FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK("SFD_NONBLOCK is O_NONBLOCK, open O_RDWR",
          (fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == (O_RDWR | O_NONBLOCK));
    conf_print_fd_link(fd);
    struct signalfd_siginfo si;
    CHECK_RET("nothing pending: read", read_one(fd, &si), -EAGAIN);
    struct pollfd pfd = {fd, POLLIN | POLLOUT, 0};
    CHECK_RET("nothing pending: poll", poll(&pfd, 1, 0), 0);

    raise(SIGUSR1);
    CHECK_RET("raised: poll", poll(&pfd, 1, 0), 1);
    CHECK("raised: POLLIN alone", pfd.revents == POLLIN);
    CHECK_RET("raised: read SIGUSR1", read_one(fd, &si), SIGUSR1);
    CHECK("raise: si_code SI_TKILL, our pid and uid",
          si.ssi_code == SI_TKILL && si.ssi_pid == (uint32_t)getpid() && si.ssi_uid == getuid());
    CHECK("read took it off the pending set", !pending(SIGUSR1));

    kill(getpid(), SIGUSR1);
    CHECK_RET("kill: read SIGUSR1", read_one(fd, &si), SIGUSR1);
    CHECK("kill: si_code SI_USER, our pid", si.ssi_code == SI_USER && si.ssi_pid == (uint32_t)getpid());

    sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 42});
    CHECK_RET("sigqueue: read SIGUSR1", read_one(fd, &si), SIGUSR1);
    CHECK("sigqueue: si_code SI_QUEUE, ssi_int 42, ssi_ptr 42",
          si.ssi_code == SI_QUEUE && si.ssi_int == 42 && si.ssi_ptr == 42);

    /* A signal outside the mask stays pending. */
    raise(SIGUSR2);
    CHECK_RET("SIGUSR2 is not in the mask", read_one(fd, &si), -EAGAIN);
    CHECK("SIGUSR2 still pending", pending(SIGUSR2));
    /* A new mask for the same fd. */
    s = set_of(SIGUSR2, 0);
    CHECK_RET("signalfd on the fd: returns the fd", signalfd(fd, &s, 0), fd);
    CHECK("the new mask did not change the file's flags", fcntl(fd, F_GETFL) & O_NONBLOCK);
    raise(SIGUSR1);
    CHECK_RET("new mask: read SIGUSR2", read_one(fd, &si), SIGUSR2);
    CHECK_RET("new mask: SIGUSR1 not read", read_one(fd, &si), -EAGAIN);
    CHECK("SIGUSR1 still pending", pending(SIGUSR1));
    s = set_of(SIGUSR1, SIGKILL);
    CHECK_RET("a mask with SIGKILL", signalfd(fd, &s, 0), fd);
    CHECK_RET("read SIGUSR1 again", read_one(fd, &si), SIGUSR1);

    /* Blocked and ignored: still queued, as Linux (the action may change). */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    CHECK_RET("ignored but blocked: read", read_one(fd, &si), SIGUSR1);
    signal(SIGUSR1, SIG_DFL);
    close(fd);
}

static void several(void)
{
    int rt = SIGRTMIN + 1;
    sigset_t s = set_of(rt, 0);
    int fd = signalfd(-1, &s, SFD_NONBLOCK);
    for (int i = 1; i <= 3; i++)
        sigqueue(getpid(), rt, (union sigval){.sival_int = i});
    struct signalfd_siginfo si[4];
    ssize_t n = read(fd, si, sizeof si);
    printf("three queued real-time signals, read of four: %zd bytes\n", n);
    CHECK("in order: 1 2 3", n == 3 * (ssize_t)sizeof si[0] && si[0].ssi_int == 1 && si[1].ssi_int == 2 &&
                                 si[2].ssi_int == 3 && si[0].ssi_signo == (uint32_t)rt);
    for (int i = 1; i <= 2; i++)
        sigqueue(getpid(), rt, (union sigval){.sival_int = 10 + i});
    n = read(fd, si, sizeof si[0] + 100);
    printf("two queued, read of one and a bit: %zd bytes, ssi_int %d\n", n, si[0].ssi_int);
    CHECK("one still pending", pending(rt));
    CHECK_RET("the other read", read_one(fd, &si[0]), rt);
    CHECK("it is the second", si[0].ssi_int == 12);
    close(fd);
}

static void blocking(void)
{
    sigset_t s = set_of(SIGALRM, 0);
    int fd = signalfd(-1, &s, 0);
    struct itimerval it = {{0, 0}, {0, 50000}};
    long long t0 = conf_now_ns();
    setitimer(ITIMER_REAL, &it, NULL);
    struct signalfd_siginfo si;
    CHECK_RET("blocking read: SIGALRM", read_one(fd, &si), SIGALRM);
    conf_check_waited("blocking read until the 50 ms itimer", conf_now_ns() - t0, 50);
    CHECK("itimer: si_code SI_KERNEL", si.ssi_code == SI_KERNEL);

    int rt = SIGRTMIN + 2, id = -1;
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = rt};
    ev.sigev_value.sival_int = 77;
    s = set_of(rt, 0);
    signalfd(fd, &s, 0);
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id);
    struct itimerspec ts = {{0, 0}, {0, 20000000}};
    t0 = conf_now_ns();
    syscall(SYS_timer_settime, id, 0, &ts, NULL);
    CHECK_RET("blocking read: the POSIX timer's signal", read_one(fd, &si), rt);
    conf_check_waited("blocking read until the 20 ms POSIX timer", conf_now_ns() - t0, 20);
    CHECK("timer: si_code SI_TIMER, ssi_tid its id, ssi_int 77, overrun 0",
          si.ssi_code == SI_TIMER && si.ssi_tid == (uint32_t)id && si.ssi_int == 77 && si.ssi_overrun == 0);
    syscall(SYS_timer_delete, id);
    close(fd);
}

static void with_epoll(void)
{
    sigset_t s = set_of(SIGUSR2, 0);
    int fd = signalfd(-1, &s, SFD_NONBLOCK), ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 5}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    CHECK_RET("epoll: nothing pending", epoll_wait(ep, &out, 1, 0), 0);
    kill(getpid(), SIGUSR2);
    CHECK_RET("epoll: SIGUSR2 pending", epoll_wait(ep, &out, 1, 0), 1);
    CHECK("epoll: EPOLLIN, its data", out.events == EPOLLIN && out.data.u32 == 5);
    struct signalfd_siginfo si;
    CHECK_RET("epoll: read it", read_one(fd, &si), SIGUSR2);
    CHECK_RET("epoll: nothing after the read", epoll_wait(ep, &out, 1, 0), 0);
    close(ep);
    close(fd);
}

int main(void)
{
    sigset_t all;
    sigemptyset(&all);
    int sigs[] = {SIGUSR1, SIGUSR2, SIGALRM, SIGRTMIN + 1, SIGRTMIN + 2};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&all, sigs[i]);
    sigprocmask(SIG_BLOCK, &all, NULL);
    errors();
    basics();
    several();
    blocking();
    with_epoll();
    return 0;
}
