/* rt_sigprocmask: a blocked signal stays pending (sigpending shows it, the
 * handler does not run); standard signals do not queue (two raises, one
 * delivery); unblocking delivers before sigprocmask returns. Several
 * pending signals are unblocked at once: each is delivered on top of the
 * previous one's frame, so the highest-numbered handler runs first.
 * SIGKILL and SIGSTOP cannot be blocked; bad arguments give EINVAL. */
#include "conf.h"
#include <signal.h>

static char order[64];
static int norder;

static void handler(int sig)
{
    order[norder++] = (char)sig;
}

static void show(const char *what)
{
    printf("%s: handlers ran:", what);
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
    norder = 0;
}

static void show_pending(const char *what)
{
    sigset_t s;
    sigpending(&s);
    printf("%s: ", what);
    conf_print_sigset("pending", &s);
}

int main(void)
{
    int sigs[] = {SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGALRM};
    for (unsigned i = 0; i < 5; i++)
        signal(sigs[i], handler);

    sigset_t block, old, cur;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    CHECK_RET("block SIGUSR1", sigprocmask(SIG_BLOCK, &block, &old), 0);
    CHECK("old mask was empty of it", !sigismember(&old, SIGUSR1));
    raise(SIGUSR1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    show("while blocked");
    show_pending("while blocked");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    show("after unblocking");
    show_pending("after unblocking");

    /* several at once */
    sigemptyset(&block);
    for (unsigned i = 0; i < 5; i++)
        sigaddset(&block, sigs[i]);
    sigprocmask(SIG_SETMASK, &block, NULL);
    raise(SIGUSR2);
    raise(SIGHUP);
    kill(getpid(), SIGTERM);
    raise(SIGUSR1);
    show_pending("four blocked");
    sigprocmask(SIG_SETMASK, &old, NULL);
    show("unblocked together");

    /* SIGKILL and SIGSTOP are silently left out */
    sigemptyset(&block);
    sigaddset(&block, SIGKILL);
    sigaddset(&block, SIGSTOP);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask after blocking KILL, STOP, HUP: KILL %d STOP %d HUP %d\n", sigismember(&cur, SIGKILL),
           sigismember(&cur, SIGSTOP), sigismember(&cur, SIGHUP));
    sigprocmask(SIG_SETMASK, &old, NULL);

    CHECK_ERRNO("how 3", sigprocmask(3, &block, NULL), EINVAL);
    CHECK_ERRNO("how -1", sigprocmask(-1, &block, NULL), EINVAL);
    CHECK_RET("bad how with a NULL set is fine", sigprocmask(99, NULL, &cur), 0);
    CHECK_SYSCALL_ERRNO("rt_sigprocmask sigsetsize 4", EINVAL, SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 4);
    CHECK_SYSCALL_ERRNO("rt_sigprocmask sigsetsize 16", EINVAL, SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 16);
    CHECK_SYSCALL_ERRNO("rt_sigprocmask bad set", EFAULT, SYS_rt_sigprocmask, SIG_BLOCK, (void *)16, NULL, 8);
    CHECK_SYSCALL_ERRNO("rt_sigprocmask bad oldset", EFAULT, SYS_rt_sigprocmask, SIG_BLOCK, NULL, (void *)16, 8);
    CHECK_SYSCALL_ERRNO("rt_sigpending sigsetsize 16", EINVAL, SYS_rt_sigpending, &cur, 16);
    CHECK_SYSCALL_ERRNO("rt_sigpending bad set", EFAULT, SYS_rt_sigpending, (void *)16, 8);
    return 0;
}
