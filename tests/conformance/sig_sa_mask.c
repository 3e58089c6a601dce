/* sa_mask: while a handler runs, its signal and its sa_mask are blocked
 * on top of the interrupted code's mask; a signal in sa_mask raised inside
 * waits until the handler returns; afterwards the old mask is back.
 * SIGKILL and SIGSTOP in sa_mask are dropped. */
#include "conf.h"
#include <signal.h>

static char log_[256];
static sigset_t inside;

static void add(const char *s) { strcat(log_, s); }

static void on_usr1(int sig)
{
    sigprocmask(SIG_BLOCK, NULL, &inside);
    add(" usr1-in");
    raise(SIGUSR2);                    /* in sa_mask: pending */
    add(" usr1-out");
    (void)sig;
}

static void on_usr2(int sig)
{
    add(" usr2");
    (void)sig;
}

int main(void)
{
    struct sigaction sa, q;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGKILL);
    sigaddset(&sa.sa_mask, SIGSTOP);
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGUSR2, on_usr2);
    sigaction(SIGUSR1, NULL, &q);
    conf_print_sigset("sa_mask as stored", &q.sa_mask);

    sigset_t hup, before, after;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, NULL);
    sigprocmask(SIG_BLOCK, NULL, &before);
    raise(SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("order:%s\n", log_);
    conf_print_sigset("mask before", &before);
    conf_print_sigset("mask inside the handler", &inside);
    conf_print_sigset("mask after", &after);
    return 0;
}
