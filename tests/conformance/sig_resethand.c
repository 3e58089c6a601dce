/* conf: status=138
 * SA_RESETHAND: the first delivery resets the action to SIG_DFL (the
 * flags stay), the handler still runs with the signal blocked, and the
 * second SIGUSR1 takes the default action: the process dies with 128 + 10. */
#include "conf.h"
#include <signal.h>

static volatile int runs;
static volatile int blocked_inside;

static void handler(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    blocked_inside = sigismember(&cur, sig);
    runs++;
}

int main(void)
{
    conf_no_core();
    struct sigaction now;
    conf_signal(SIGUSR1, handler, SA_RESETHAND);
    sigaction(SIGUSR1, NULL, &now);
    printf("before: handler ours %s, SA_RESETHAND %s\n", now.sa_handler == handler ? "yes" : "no",
           (now.sa_flags & SA_RESETHAND) ? "yes" : "no");
    raise(SIGUSR1);
    printf("first raise: handler ran %d time(s), SIGUSR1 blocked inside: %s\n", runs,
           blocked_inside ? "yes" : "no");
    sigaction(SIGUSR1, NULL, &now);
    printf("after: handler %s, SA_RESETHAND still in flags %s\n",
           now.sa_handler == SIG_DFL ? "SIG_DFL" : now.sa_handler == handler ? "ours" : "other",
           (now.sa_flags & SA_RESETHAND) ? "yes" : "no");
    printf("second raise: the default action ends the process\n");
    raise(SIGUSR1);
    printf("still alive (must not print)\n");
    return 0;
}
