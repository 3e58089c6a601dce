/* conf: status=139
 * A fault cannot be blocked away: a SIGSEGV inside the SIGSEGV handler,
 * where SIGSEGV is blocked, kills the process at once (128 + 11). */
#include "conf.h"
#include <signal.h>

static volatile int depth;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    depth++;
    printf("in the SIGSEGV handler (depth %d, si_addr %#lx), faulting again\n", depth,
           (unsigned long)si->si_addr);
    *(volatile int *)16 = 1;
    printf("survived the second fault (must not print)\n");
    (void)sig;
    (void)uc;
}

int main(void)
{
    conf_no_core();
    conf_sigaction(SIGSEGV, on_segv, 0);
    *(volatile int *)8 = 1;
    printf("back in main (must not print)\n");
    return 0;
}
