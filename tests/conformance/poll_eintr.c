/* Blocking poll, select, epoll_wait and eventfd reads woken by another
 * thread: by data, and by a signal (EINTR, or a restart with SA_RESTART
 * where Linux restarts). ppoll, pselect6 and epoll_pwait with a temporary
 * signal mask, put back when they return. Nothing depends on timing: the
 * helper resends its signal until the call returned, and a signal that
 * comes before the call gives the same result as one during it. */
#include "conf.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <time.h>

static pthread_t main_thread;
static volatile int handled;       /* SIGUSR1 handler runs */
static volatile int returned;      /* the main thread's call is over */
static int helper_signals;         /* the helper sends SIGUSR1 until `returned` */
static int wake_fd = -1;           /* then writes 8 bytes here, if >= 0 */

static void on_usr1(int sig) { handled++; }

static void *helper(void *arg)
{
    conf_sleep_ms(20);                  /* most often the call is asleep by now */
    if (helper_signals == 1) {
        while (!returned) {
            pthread_kill(main_thread, SIGUSR1);
            conf_sleep_ms(20);
        }
    } else if (helper_signals == 2) {
        pthread_kill(main_thread, SIGUSR1);     /* once: the caller's mask decides */
    }
    if (wake_fd >= 0) {
        uint64_t one = 1;
        write(wake_fd, &one, sizeof one);
    }
    return NULL;
}

/* Starts the helper: it signals (sig 1: until the call returned; sig 2:
 * once) and/or then writes 8 bytes to fd. */
static pthread_t start(int sig, int fd)
{
    pthread_t t;
    helper_signals = sig;
    wake_fd = fd;
    handled = 0;
    returned = 0;
    pthread_create(&t, NULL, helper, NULL);
    return t;
}

/* Runs a blocking call with the helper started as start() says; prints
 * whether it returned want (with errno want_errno when want is -1). */
#define RUN(name, sig, fd, expr, want, want_errno)                            \
    do {                                                                      \
        pthread_t t_ = start((sig), (fd));                                    \
        errno = 0;                                                            \
        long r_ = (long)(expr);                                               \
        int e_ = errno;                                                       \
        returned = 1;                                                         \
        pthread_join(t_, NULL);                                               \
        if (r_ == (want) && (r_ != -1 || e_ == (want_errno)))                 \
            printf("%s: ok\n", (name));                                       \
        else                                                                  \
            printf("%s: got %ld (errno %s)\n", (name), r_, errname(e_));      \
    } while (0)

static int usr1_blocked(void)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, SIGUSR1);
}

int main(void)
{
    main_thread = pthread_self();
    sigset_t none, block;
    sigemptyset(&none);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_SETMASK, &none, NULL);     /* whatever the parent blocked */
    int p[2];
    pipe(p);
    int efd = eventfd(0, 0);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct pollfd pfd = { p[0], POLLIN, 0 };
    fd_set r;
    uint64_t v = 0, junk[4];

    /* woken by data from another thread */
    RUN("poll -1 woken by a write", 0, p[1], poll(&pfd, 1, -1), 1, 0);
    RUN("epoll_wait -1 sees the data still there", 0, p[1], epoll_wait(ep, &out, 1, -1), 1, 0);
    read(p[0], junk, sizeof junk);
    RUN("epoll_wait -1 woken by a write", 0, p[1], epoll_wait(ep, &out, 1, -1), 1, 0);
    printf("data: %llu\n", (unsigned long long)out.data.u64);
    read(p[0], junk, sizeof junk);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    RUN("select NULL timeout woken by a write", 0, p[1],
        select(p[0] + 1, &r, NULL, NULL, NULL), 1, 0);
    read(p[0], junk, sizeof junk);
    RUN("eventfd read woken by a write", 0, efd, read(efd, &v, 8), 8, 0);
    printf("value: %llu\n", (unsigned long long)v);

    /* interrupted by a signal with a handler (no SA_RESTART) */
    conf_signal(SIGUSR1, on_usr1, 0);
    RUN("poll -1, signal", 1, -1, poll(&pfd, 1, -1), -1, EINTR);
    printf("handled: %s\n", handled ? "yes" : "no");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    RUN("select, signal", 1, -1, select(p[0] + 1, &r, NULL, NULL, NULL), -1, EINTR);
    RUN("epoll_wait -1, signal", 1, -1, epoll_wait(ep, &out, 1, -1), -1, EINTR);
    RUN("epoll_wait 60 s, signal", 1, -1, epoll_wait(ep, &out, 1, 60000), -1, EINTR);
    RUN("eventfd read, signal", 1, -1, read(efd, &v, 8), -1, EINTR);

    /* with SA_RESTART: poll, select and epoll_wait still fail with EINTR;
     * the eventfd read restarts and gets the helper's write */
    conf_signal(SIGUSR1, on_usr1, SA_RESTART);
    RUN("poll, SA_RESTART", 1, -1, poll(&pfd, 1, -1), -1, EINTR);
    RUN("epoll_wait, SA_RESTART", 1, -1, epoll_wait(ep, &out, 1, -1), -1, EINTR);
    v = 0;
    RUN("eventfd read, SA_RESTART", 2, efd, read(efd, &v, 8), 8, 0);
    printf("value: %llu, handled: %s\n", (unsigned long long)v, handled ? "yes" : "no");

    /* temporary masks: SIGUSR1 blocked, unblocked only while waiting (a
     * signal sent before the call waits for it) */
    conf_signal(SIGUSR1, on_usr1, 0);
    sigprocmask(SIG_BLOCK, &block, NULL);
    RUN("ppoll with SIGUSR1 unblocked, signal", 2, -1, ppoll(&pfd, 1, NULL, &none), -1, EINTR);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    RUN("epoll_pwait with SIGUSR1 unblocked, signal", 2, -1, epoll_pwait(ep, &out, 1, -1, &none),
        -1, EINTR);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    RUN("pselect with SIGUSR1 unblocked, signal", 2, -1,
        pselect(p[0] + 1, &r, NULL, NULL, NULL, &none), -1, EINTR);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    /* a signal already pending interrupts at once, even a zero timeout */
    pthread_kill(main_thread, SIGUSR1);
    handled = 0;
    struct timespec zero = { 0, 0 };
    CHECK_ERRNO("ppoll, zero timeout, pending signal unblocked", ppoll(&pfd, 1, &zero, &none),
                EINTR);
    printf("handled: %d\n", handled);

    /* the opposite: SIGUSR1 unblocked, blocked while waiting: the signal
     * (sent before the data) is handled only once the call returned */
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    RUN("ppoll with SIGUSR1 blocked, data", 2, p[1], ppoll(&pfd, 1, NULL, &block), 1, 0);
    printf("handled after the call: %d, blocked: %d\n", handled, usr1_blocked());
    read(p[0], junk, sizeof junk);
    RUN("epoll_pwait with SIGUSR1 blocked, data", 2, p[1], epoll_pwait(ep, &out, 1, -1, &block),
        1, 0);
    printf("handled after the call: %d, blocked: %d\n", handled, usr1_blocked());
    read(p[0], junk, sizeof junk);
    /* an event while the temporary mask is on: the mask goes back too */
    write(p[1], "x", 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    CHECK_RET("ppoll ready with a mask", ppoll(&pfd, 1, NULL, &none), 1);
    printf("blocked again: %d\n", usr1_blocked());
    return 0;
}
