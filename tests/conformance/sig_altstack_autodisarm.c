/* SS_AUTODISARM: the alternate stack is disarmed while a handler runs on
 * it (sigaltstack there reports it disabled), so a nested SA_ONSTACK
 * handler just continues below on the current stack; uc_stack holds the
 * flags as set, and sigreturn restores the alternate stack from it. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)    /* <linux/signal.h> */
#endif

#define SIZE (64 * 1024)
static char *alt;
static volatile uintptr_t in_usr1, in_usr2;
static volatile int flags_inside, set_inside, uc_flags;

static int on_alt(uintptr_t a) { return a >= (uintptr_t)alt && a < (uintptr_t)alt + SIZE; }

static void on_usr2(int sig)
{
    volatile char here;
    in_usr2 = (uintptr_t)&here;
    (void)sig;
}

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    volatile char here;
    in_usr1 = (uintptr_t)&here;
    uc_flags = uc->uc_stack.ss_flags;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
    raise(SIGUSR2);
    (void)sig;
    (void)si;
}

int main(void)
{
    alt = malloc(SIZE);
    stack_t ss = {.ss_sp = alt, .ss_size = SIZE, .ss_flags = SS_AUTODISARM}, cur;
    CHECK_RET("sigaltstack with SS_AUTODISARM", sigaltstack(&ss, NULL), 0);
    sigaltstack(NULL, &cur);
    printf("query: ss_flags %#x\n", (unsigned)cur.ss_flags);
    conf_sigaction(SIGUSR1, on_usr1, SA_ONSTACK);
    conf_signal(SIGUSR2, on_usr2, SA_ONSTACK);
    raise(SIGUSR1);
    CHECK("handler on the alternate stack", on_alt(in_usr1));
    printf("uc_stack.ss_flags %#x, sigaltstack inside: ss_flags %#x\n", (unsigned)uc_flags,
           (unsigned)flags_inside);
    CHECK("nested SA_ONSTACK handler below the first one", on_alt(in_usr2) && in_usr2 < in_usr1);
    sigaltstack(NULL, &cur);
    printf("after return: ss_flags %#x, same stack %s\n", (unsigned)cur.ss_flags,
           cur.ss_sp == alt && cur.ss_size == SIZE ? "yes" : "no");
    in_usr2 = 0;
    raise(SIGUSR2);
    CHECK("the next handler on the alternate stack again", on_alt(in_usr2));
    return 0;
}
