/* uc_sigmask: a handler's ucontext holds the interrupted code's mask, and
 * sigreturn installs whatever is there: a handler that adds SIGUSR2 leaves
 * it blocked after returning, one that removes a blocked, pending SIGHUP
 * has it delivered right after. SIGKILL and SIGSTOP put there are ignored. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

static volatile int hup_runs;
static int saw_hup_blocked, saw_usr1_blocked;

static void on_hup(int sig) { hup_runs++; (void)sig; }

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    saw_hup_blocked = sigismember(&uc->uc_sigmask, SIGHUP);
    saw_usr1_blocked = sigismember(&uc->uc_sigmask, SIGUSR1);
    sigaddset(&uc->uc_sigmask, SIGUSR2);
    sigaddset(&uc->uc_sigmask, SIGKILL);
    sigdelset(&uc->uc_sigmask, SIGHUP);
    (void)sig;
    (void)si;
}

int main(void)
{
    conf_sigaction(SIGUSR1, on_usr1, 0);
    signal(SIGHUP, on_hup);
    sigset_t hup, cur;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, NULL);
    raise(SIGHUP);
    printf("SIGHUP blocked and raised: handler ran %d time(s)\n", hup_runs);
    raise(SIGUSR1);
    printf("the handler saw in uc_sigmask: HUP %d USR1 %d\n", saw_hup_blocked, saw_usr1_blocked);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after return: HUP blocked %d, USR2 blocked %d, USR1 blocked %d, KILL blocked %d\n",
           sigismember(&cur, SIGHUP), sigismember(&cur, SIGUSR2), sigismember(&cur, SIGUSR1),
           sigismember(&cur, SIGKILL));
    printf("SIGHUP handler ran %d time(s)\n", hup_runs);
    return 0;
}
