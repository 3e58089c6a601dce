/* SA_NODEFER: the signal is not blocked in its own handler, so a raise
 * inside the handler nests at once (depth 3 here). Without it, the raise
 * inside stays pending until the handler returns, then runs. */
#include "conf.h"
#include <signal.h>

static char log_[256];
static volatile int depth, maxdepth, raised;

static void add(const char *s) { strcat(log_, s); }

static void handler(int sig)
{
    depth++;
    if (depth > maxdepth)
        maxdepth = depth;
    char b[16];
    snprintf(b, sizeof b, " in%d", depth);
    add(b);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    if (sigismember(&cur, sig))
        add("(blocked)");
    if (raised < 2) {
        raised++;
        raise(sig);
        add(" after-raise");
    }
    snprintf(b, sizeof b, " out%d", depth);
    add(b);
    depth--;
}

int main(void)
{
    conf_signal(SIGUSR1, handler, SA_NODEFER);
    raise(SIGUSR1);
    printf("SA_NODEFER:%s\n  max depth %d\n", log_, maxdepth);

    log_[0] = 0;
    maxdepth = 0;
    raised = 0;
    conf_signal(SIGUSR2, handler, 0);
    raise(SIGUSR2);
    printf("default:%s\n  max depth %d\n", log_, maxdepth);
    return 0;
}
