/* conf: status=136
 * A fault whose signal the program blocks is not left pending: with a
 * SIGFPE handler installed but SIGFPE blocked by sigprocmask, a division by
 * zero kills the process (128 + 8) without running the handler. A kill()ed
 * SIGFPE, in contrast, waits while blocked. */
#include "conf.h"
#include <signal.h>

static volatile int runs;

static void on_fpe(int sig) { runs++; (void)sig; }

int main(void)
{
    conf_no_core();
    signal(SIGFPE, on_fpe);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGFPE);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGFPE);
    sigset_t pend;
    sigpending(&pend);
    printf("kill()ed SIGFPE while blocked: pending %d, handler ran %d time(s)\n", sigismember(&pend, SIGFPE), runs);
    volatile int a = 1, b = 0;
    printf("dividing by zero with SIGFPE blocked\n");
    printf("%d (must not print)\n", a / b);
    return 0;
}
