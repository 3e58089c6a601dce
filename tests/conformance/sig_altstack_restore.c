/* sigreturn sets the alternate stack from uc_stack, as sigaltstack would:
 * a handler running on the normal stack that installs an alternate stack
 * finds it undone after returning, one that writes a new stack into
 * uc_stack gets it; on the alternate stack itself nothing can change it.
 * uc_stack.ss_flags are the flags sigaltstack was given, even in a nested
 * handler on the alternate stack, and SS_DISABLE in a new thread. (All in
 * a new thread: the main thread's initial flags come from its ancestors.) */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <ucontext.h>

#define SIZE (64 * 1024)
static char *a1, *a2;
static volatile int mode;
static volatile int flags_seen[4];
static volatile int depth;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    flags_seen[depth] = uc->uc_stack.ss_flags;
    if (mode == 1) {
        stack_t n = {.ss_sp = a2, .ss_size = SIZE, .ss_flags = 0};
        sigaltstack(&n, NULL);
    } else if (mode == 2) {
        uc->uc_stack.ss_sp = a2;
        uc->uc_stack.ss_size = SIZE;
        uc->uc_stack.ss_flags = 0;
    } else if (mode == 3 && depth == 0) {
        depth++;
        raise(SIGHUP);                 /* nested, on the alternate stack */
        depth--;
    }
    (void)sig;
    (void)si;
}

static const char *which(void)
{
    stack_t cur;
    sigaltstack(NULL, &cur);
    if (cur.ss_flags == SS_DISABLE)
        return "none";
    return cur.ss_sp == a1 ? "first" : cur.ss_sp == a2 ? "second" : "other";
}

static void *test(void *arg)
{
    (void)arg;
    mode = 0;
    raise(SIGUSR1);
    printf("new thread, no alternate stack: uc_stack.ss_flags %d (SS_DISABLE is %d)\n", flags_seen[0], SS_DISABLE);

    mode = 1;
    raise(SIGUSR1);
    printf("handler installed one with sigaltstack: after return %s\n", which());

    stack_t ss = {.ss_sp = a1, .ss_size = SIZE, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    mode = 1;
    raise(SIGUSR1);
    printf("handler replaced it with sigaltstack: after return %s\n", which());

    mode = 2;
    raise(SIGUSR1);
    printf("handler wrote another into uc_stack: after return %s\n", which());

    sigaltstack(&ss, NULL);
    mode = 2;
    raise(SIGUSR2);
    printf("same from a handler on the alternate stack: after return %s\n", which());

    mode = 3;
    raise(SIGUSR2);
    printf("uc_stack.ss_flags: outer %d, nested on the alternate stack %d\n", flags_seen[0], flags_seen[1]);

    /* flags given as SS_ONSTACK (accepted as 0) show up as given */
    stack_t on = {.ss_sp = a1, .ss_size = SIZE, .ss_flags = SS_ONSTACK};
    CHECK_RET("sigaltstack with SS_ONSTACK", sigaltstack(&on, NULL), 0);
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("query: ss_flags %d\n", cur.ss_flags);
    mode = 0;
    raise(SIGUSR1);
    printf("uc_stack.ss_flags %d\n", flags_seen[0]);
    return NULL;
}

int main(void)
{
    a1 = malloc(SIZE);
    a2 = malloc(SIZE);
    conf_sigaction(SIGUSR1, handler, 0);             /* on the normal stack */
    conf_sigaction(SIGUSR2, handler, SA_ONSTACK);
    conf_sigaction(SIGHUP, handler, SA_ONSTACK);
    pthread_t t;
    pthread_create(&t, NULL, test, NULL);
    pthread_join(t, NULL);
    return 0;
}
