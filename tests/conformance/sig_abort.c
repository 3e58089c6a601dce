/* conf: status=134
 * abort(): a SIGABRT handler that returns does not save the process; glibc
 * then restores SIG_DFL and raises again: status 128 + 6. */
#include "conf.h"
#include <signal.h>

static volatile int runs;

static void handler(int sig)
{
    runs++;
    printf("SIGABRT handler ran (%d)\n", runs);
    (void)sig;
}

int main(void)
{
    conf_no_core();
    signal(SIGABRT, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_BLOCK, &set, NULL);    /* abort unblocks it */
    printf("calling abort\n");
    abort();
}
