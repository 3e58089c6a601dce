/* Among pending signals, Linux takes the synchronous ones (SIGSEGV,
 * SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS) first, then the lowest number.
 * Each one taken gets a frame on top of the previous one, so the handler
 * taken last runs first: unblocking SIGHUP, SIGINT, SIGFPE, SIGSEGV and
 * SIGUSR1 together runs USR1 (10), INT (2), HUP (1), SEGV (11), FPE (8). */
#include "conf.h"
#include <signal.h>

static char order[64];
static int n;

static void handler(int sig) { order[n++] = (char)sig; }

int main(void)
{
    int sigs[] = {SIGHUP, SIGINT, SIGFPE, SIGSEGV, SIGUSR1};
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 5; i++) {
        signal(sigs[i], handler);
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 4; i >= 0; i--)
        raise(sigs[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("handlers ran:");
    for (int i = 0; i < n; i++)
        printf(" %d", order[i]);
    printf("\n");

    /* the same with process-directed signals (kill) */
    n = 0;
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 0; i < 5; i++)
        kill(getpid(), sigs[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("kill()ed:");
    for (int i = 0; i < n; i++)
        printf(" %d", order[i]);
    printf("\n");
    return 0;
}
