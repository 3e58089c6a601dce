/* SIGPIPE ignored: the write fails with EPIPE and nothing else happens.
 * SIGPIPE handled: the handler runs first (si_code SI_USER, si_pid our pid,
 * as Linux's send_sig), then the write fails with EPIPE. Blocked: it stays
 * pending. */
#include "conf.h"
#include <signal.h>
#include <sys/uio.h>

static volatile int handled;
static siginfo_t info;

static void handler(int sig, siginfo_t *si, void *uc)
{
    handled++;
    info = *si;
    (void)sig;
    (void)uc;
}

int main(void)
{
    int p[2];
    pipe(p);
    close(p[0]);

    signal(SIGPIPE, SIG_IGN);
    CHECK_ERRNO("ignored: write", write(p[1], "x", 1), EPIPE);
    CHECK_ERRNO("ignored: writev", writev(p[1], &(struct iovec){"y", 1}, 1), EPIPE);

    conf_sigaction(SIGPIPE, handler, 0);
    CHECK_ERRNO("handled: write", write(p[1], "x", 1), EPIPE);
    printf("handler ran %d time(s): si_signo %s si_code %s\n", handled,
           info.si_signo == SIGPIPE ? "SIGPIPE" : "other",
           info.si_code == SI_USER ? "SI_USER" : info.si_code == SI_KERNEL ? "SI_KERNEL" : "other");
    CHECK("si_pid is our pid", info.si_pid == getpid());
    CHECK("si_uid is our uid", info.si_uid == getuid());

    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, NULL);
    CHECK_ERRNO("blocked: write", write(p[1], "x", 1), EPIPE);
    sigpending(&pend);
    CHECK("blocked: SIGPIPE pending", sigismember(&pend, SIGPIPE));
    printf("handler ran %d time(s) so far\n", handled);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblocking: handler ran %d time(s)\n", handled);
    return 0;
}
