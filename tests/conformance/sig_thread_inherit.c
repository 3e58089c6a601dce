/* What a new thread gets from its creator: the signal mask, yes; pending
 * signals and the alternate signal stack, no. Actions are per process: a
 * handler installed by one thread runs in another. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>

static volatile int runs;
static volatile pid_t ran_on;

static void handler(int sig) { runs++; ran_on = (pid_t)syscall(SYS_gettid); (void)sig; }

static sigset_t child_mask, child_pending;
static stack_t child_ss;

static void *child(void *arg)
{
    (void)arg;
    sigprocmask(SIG_BLOCK, NULL, &child_mask);
    sigpending(&child_pending);
    sigaltstack(NULL, &child_ss);
    signal(SIGUSR2, handler);          /* for the whole process */
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);                    /* pending for this thread only */
    stack_t ss = {.ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0};
    sigaltstack(&ss, NULL);

    pthread_t t;
    pthread_create(&t, NULL, child, NULL);
    pthread_join(t, NULL);
    printf("child: SIGUSR1 blocked %d, SIGHUP blocked %d\n", sigismember(&child_mask, SIGUSR1),
           sigismember(&child_mask, SIGHUP));
    printf("child: sees the creator's thread-directed SIGUSR1 pending: %d\n",
           sigismember(&child_pending, SIGUSR1));
    printf("child: alternate stack %s\n", child_ss.ss_flags == SS_DISABLE ? "disabled" : "inherited");
    printf("main: SIGUSR1 handler ran %d time(s) so far\n", runs);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("main: after unblocking, %d\n", runs);
    runs = 0;
    raise(SIGUSR2);
    printf("main: SIGUSR2 handler set by the child ran %d time(s), on main %s\n", runs,
           ran_on == (pid_t)syscall(SYS_gettid) ? "yes" : "no");
    return 0;
}
