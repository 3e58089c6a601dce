/* Blocking poll, select, epoll_wait and eventfd reads woken by another
 * thread: by data, and by a signal (EINTR, or a restart with SA_RESTART
 * where Linux restarts). ppoll, pselect6 and epoll_pwait with a temporary
 * signal mask, put back when they return. */
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
static volatile int handled;
static int wake_fd = -1;           /* the helper writes here, if >= 0 */
static int helper_signals;         /* the helper sends SIGUSR1, if set */

static void on_usr1(int sig) { handled++; }

static void *helper(void *arg)
{
    struct timespec ts = { 0, 50 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    if (helper_signals)
        pthread_kill(main_thread, SIGUSR1);
    if (wake_fd >= 0) {
        if (helper_signals)
            nanosleep(&ts, NULL);
        uint64_t one = 1;
        write(wake_fd, &one, sizeof one);
    }
    return NULL;
}

/* Starts the helper: after 50 ms it signals (sig) and/or writes 8 bytes
 * to fd (50 ms later still, when it also signals). */
static pthread_t start(int sig, int fd)
{
    pthread_t t;
    helper_signals = sig;
    wake_fd = fd;
    handled = 0;
    pthread_create(&t, NULL, helper, NULL);
    return t;
}

static void set_handler(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
}

static int usr1_blocked(void)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, SIGUSR1);
}

int main(void)
{
    main_thread = pthread_self();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);     /* whatever the parent blocked */
    int p[2];
    pipe(p);
    int efd = eventfd(0, 0);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct pollfd pfd = { p[0], POLLIN, 0 };
    fd_set r;
    pthread_t t;

    /* woken by data from another thread */
    t = start(0, p[1]);
    CHECK_RET("poll -1 woken by a write", poll(&pfd, 1, -1), 1);
    pthread_join(t, NULL);
    t = start(0, p[1]);
    CHECK_RET("epoll_wait -1 sees the data still there", epoll_wait(ep, &out, 1, -1), 1);
    pthread_join(t, NULL);
    uint64_t junk[4];
    read(p[0], junk, sizeof junk);
    t = start(0, p[1]);
    CHECK_RET("epoll_wait -1 woken by a write", epoll_wait(ep, &out, 1, -1), 1);
    printf("data: %llu\n", (unsigned long long)out.data.u64);
    pthread_join(t, NULL);
    read(p[0], junk, sizeof junk);
    t = start(0, p[1]);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_RET("select NULL timeout woken by a write", select(p[0] + 1, &r, NULL, NULL, NULL), 1);
    pthread_join(t, NULL);
    read(p[0], junk, sizeof junk);
    t = start(0, efd);
    uint64_t v = 0;
    CHECK_RET("eventfd read woken by a write", read(efd, &v, 8), 8);
    printf("value: %llu\n", (unsigned long long)v);
    pthread_join(t, NULL);

    /* interrupted by a signal with a handler (no SA_RESTART) */
    set_handler(0);
    t = start(1, -1);
    CHECK_ERRNO("poll -1, signal", poll(&pfd, 1, -1), EINTR);
    pthread_join(t, NULL);
    printf("handled: %d\n", handled);
    t = start(1, -1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_ERRNO("select, signal", select(p[0] + 1, &r, NULL, NULL, NULL), EINTR);
    pthread_join(t, NULL);
    t = start(1, -1);
    CHECK_ERRNO("epoll_wait -1, signal", epoll_wait(ep, &out, 1, -1), EINTR);
    pthread_join(t, NULL);
    t = start(1, -1);
    CHECK_ERRNO("epoll_wait 5 s, signal", epoll_wait(ep, &out, 1, 5000), EINTR);
    pthread_join(t, NULL);
    t = start(1, -1);
    CHECK_ERRNO("eventfd read, signal", read(efd, &v, 8), EINTR);
    pthread_join(t, NULL);

    /* with SA_RESTART: poll, select and epoll_wait still fail with EINTR;
     * the eventfd read restarts and gets the helper's later write */
    set_handler(SA_RESTART);
    t = start(1, -1);
    CHECK_ERRNO("poll, SA_RESTART", poll(&pfd, 1, -1), EINTR);
    pthread_join(t, NULL);
    t = start(1, -1);
    CHECK_ERRNO("epoll_wait, SA_RESTART", epoll_wait(ep, &out, 1, -1), EINTR);
    pthread_join(t, NULL);
    t = start(1, efd);
    v = 0;
    CHECK_RET("eventfd read, SA_RESTART", read(efd, &v, 8), 8);
    printf("value: %llu, handled: %d\n", (unsigned long long)v, handled);
    pthread_join(t, NULL);

    /* temporary masks: SIGUSR1 blocked, unblocked only while waiting */
    set_handler(0);
    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, NULL);
    t = start(1, -1);
    CHECK_ERRNO("ppoll with SIGUSR1 unblocked, signal", ppoll(&pfd, 1, NULL, &empty), EINTR);
    pthread_join(t, NULL);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    t = start(1, -1);
    CHECK_ERRNO("epoll_pwait with SIGUSR1 unblocked, signal", epoll_pwait(ep, &out, 1, -1, &empty),
                EINTR);
    pthread_join(t, NULL);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    t = start(1, -1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_ERRNO("pselect with SIGUSR1 unblocked, signal",
                pselect(p[0] + 1, &r, NULL, NULL, NULL, &empty), EINTR);
    pthread_join(t, NULL);
    printf("handled: %d, blocked again: %d\n", handled, usr1_blocked());
    /* a signal already pending interrupts at once */
    pthread_kill(main_thread, SIGUSR1);
    handled = 0;
    struct timespec zero = { 0, 0 };
    CHECK_ERRNO("ppoll, zero timeout, pending signal unblocked", ppoll(&pfd, 1, &zero, &empty),
                EINTR);
    printf("handled: %d\n", handled);

    /* the opposite: SIGUSR1 unblocked, blocked while waiting; it is
     * handled once the call returns and the mask is back */
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    t = start(1, -1);
    struct timespec ts = { 0, 200 * 1000 * 1000 };
    CHECK_RET("ppoll with SIGUSR1 blocked, times out", ppoll(&pfd, 1, &ts, &block), 0);
    printf("handled after the call: %d, blocked: %d\n", handled, usr1_blocked());
    pthread_join(t, NULL);
    t = start(1, -1);
    CHECK_RET("epoll_pwait with SIGUSR1 blocked, times out", epoll_pwait(ep, &out, 1, 200, &block),
              0);
    printf("handled after the call: %d, blocked: %d\n", handled, usr1_blocked());
    pthread_join(t, NULL);
    /* an event while the temporary mask is on: the mask goes back too */
    write(p[1], "x", 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    CHECK_RET("ppoll ready with a mask", ppoll(&pfd, 1, NULL, &empty), 1);
    printf("blocked again: %d\n", usr1_blocked());
    return 0;
}
