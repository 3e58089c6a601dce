/* SIG_IGN and default-ignored signals: an ignored signal is dropped when
 * sent (nothing pending) unless blocked; making a pending signal ignored
 * discards it; and an ignored signal sent by another thread interrupts no
 * sleep: nanosleep, a blocking read and sigsuspend all go on. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile int usr2_handled;
static pid_t main_tid;
static int pipefd[2];

static void on_usr2(int sig) { usr2_handled++; (void)sig; }

static int is_pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

/* Pelts the main thread with ignored signals, then ends its wait. */
static void *pelter(void *arg)
{
    long how = (long)arg;
    for (int i = 0; i < 3; i++) {
        conf_sleep_ms(30);
        syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
        syscall(SYS_tgkill, getpid(), main_tid, SIGCHLD);
        kill(getpid(), SIGWINCH);
    }
    conf_sleep_ms(30);
    if (how == 1)
        write(pipefd[1], "data", 4);
    else if (how == 2)
        syscall(SYS_tgkill, getpid(), main_tid, SIGUSR2);
    return NULL;
}

int main(void)
{
    main_tid = (pid_t)syscall(SYS_gettid);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);

    signal(SIGUSR1, SIG_IGN);
    CHECK_RET("raise ignored SIGUSR1", raise(SIGUSR1), 0);
    CHECK_RET("kill ignored SIGUSR1", kill(getpid(), SIGUSR1), 0);
    CHECK("nothing pending", !is_pending(SIGUSR1));
    CHECK_RET("raise SIGCHLD (default: ignore)", raise(SIGCHLD), 0);
    CHECK_RET("raise SIGURG (default: ignore)", raise(SIGURG), 0);
    CHECK_RET("raise SIGWINCH (default: ignore)", raise(SIGWINCH), 0);

    sigprocmask(SIG_BLOCK, &usr1, NULL);
    raise(SIGUSR1);
    CHECK("blocked and ignored: pending all the same", is_pending(SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    CHECK("setting SIG_IGN again discards it", !is_pending(SIGUSR1));
    signal(SIGUSR1, on_usr2);
    raise(SIGUSR1);
    CHECK("blocked with a handler: pending", is_pending(SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    CHECK("setting SIG_IGN discards it", !is_pending(SIGUSR1));
    signal(SIGUSR1, on_usr2);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    printf("after unblocking, the handler ran %d time(s)\n", usr2_handled);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    signal(SIGUSR1, SIG_DFL);
    raise(SIGUSR1);
    CHECK("blocked, SIG_DFL (terminate): pending", is_pending(SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    CHECK("SIG_IGN discards it", !is_pending(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);

    conf_signal(SIGUSR2, on_usr2, 0);      /* no SA_RESTART */

    /* nanosleep goes on */
    pthread_t t;
    pthread_create(&t, NULL, pelter, (void *)0L);
    struct timespec d = {0, 200 * 1000000}, rem = {0, 0};
    CHECK_RET("nanosleep 200 ms while ignored signals arrive", nanosleep(&d, &rem), 0);
    pthread_join(t, NULL);

    /* a blocking read goes on */
    pipe(pipefd);
    pthread_create(&t, NULL, pelter, (void *)1L);
    char buf[16] = {0};
    CHECK_RET("blocking read while ignored signals arrive", read(pipefd[0], buf, sizeof buf), 4);
    printf("read: %s\n", buf);
    pthread_join(t, NULL);

    /* sigsuspend returns for the handled signal only */
    sigset_t none;
    sigemptyset(&none);
    sigset_t b2;
    sigemptyset(&b2);
    sigaddset(&b2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &b2, NULL);
    pthread_create(&t, NULL, pelter, (void *)2L);
    CHECK_ERRNO("sigsuspend", sigsuspend(&none), EINTR);
    printf("SIGUSR2 handled %d time(s)\n", usr2_handled);
    pthread_join(t, NULL);
    return 0;
}
