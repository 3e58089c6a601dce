/* sigaltstack: an SA_ONSTACK handler runs on the alternate stack (a local's
 * address lies inside it) and sigaltstack there reports SS_ONSTACK; a
 * handler without SA_ONSTACK stays on the normal stack; a nested SA_ONSTACK
 * handler continues below on the alternate stack; the stack cannot be
 * changed while on it (EPERM); sizes below MINSIGSTKSZ fail with ENOMEM;
 * unknown flags with EINVAL; SS_DISABLE turns it off. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

#define ALT_SIZE (64 * 1024)
static char *alt;
static volatile uintptr_t local_usr1, local_usr2, local_hup;
static volatile int flags_inside, eperm_inside, uc_flags, uc_sp_ok, uc_size_ok;

static int on_alt(uintptr_t a) { return a >= (uintptr_t)alt && a < (uintptr_t)alt + ALT_SIZE; }

static void on_usr2(int sig)
{
    volatile char here;
    local_usr2 = (uintptr_t)&here;
    (void)sig;
}

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    volatile char here;
    local_usr1 = (uintptr_t)&here;
    stack_t cur, n = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
    errno = 0;
    eperm_inside = sigaltstack(&n, NULL) == -1 ? errno : 0;
    uc_flags = uc->uc_stack.ss_flags;
    uc_sp_ok = uc->uc_stack.ss_sp == alt;
    uc_size_ok = uc->uc_stack.ss_size == ALT_SIZE;
    raise(SIGUSR2);                    /* nests, also SA_ONSTACK */
    (void)sig;
    (void)si;
}

static void on_hup(int sig)
{
    volatile char here;
    local_hup = (uintptr_t)&here;
    (void)sig;
}

int main(void)
{
    alt = malloc(ALT_SIZE);
    stack_t ss = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0}, old;
    CHECK_RET("query before", sigaltstack(NULL, &old), 0);
    printf("  initially: ss_flags %s, ss_size %zu\n", old.ss_flags == SS_DISABLE ? "SS_DISABLE" : "other",
           old.ss_size);
    CHECK_RET("install", sigaltstack(&ss, &old), 0);
    sigaltstack(NULL, &old);
    printf("  now: ss_flags %d, ss_sp ours %s, ss_size %zu\n", old.ss_flags, old.ss_sp == alt ? "yes" : "no",
           old.ss_size);

    conf_sigaction(SIGUSR1, on_usr1, SA_ONSTACK);
    conf_signal(SIGUSR2, on_usr2, SA_ONSTACK);
    conf_signal(SIGHUP, on_hup, 0);

    raise(SIGUSR1);
    CHECK("SA_ONSTACK handler ran on the alternate stack", on_alt(local_usr1));
    printf("  sigaltstack inside: ss_flags %s\n", flags_inside == SS_ONSTACK ? "SS_ONSTACK" : "other");
    printf("  changing it inside: %s\n", errname(eperm_inside));
    printf("  uc_stack: ss_flags %d, ss_sp ours %s, ss_size ours %s\n", uc_flags, uc_sp_ok ? "yes" : "no",
           uc_size_ok ? "yes" : "no");
    CHECK("nested SA_ONSTACK handler also on it", on_alt(local_usr2));
    CHECK("  and below the first one", local_usr2 < local_usr1);
    raise(SIGHUP);
    CHECK("handler without SA_ONSTACK on the normal stack", !on_alt(local_hup) && local_hup != 0);
    raise(SIGUSR2);
    CHECK("SA_ONSTACK handler raised from main: on it", on_alt(local_usr2));
    sigaltstack(NULL, &old);
    printf("after the handlers: ss_flags %d\n", old.ss_flags);

    /* the kernel's MINSIGSTKSZ is 2048 (glibc's macro is a sysconf) */
    stack_t small = {.ss_sp = alt, .ss_size = 2047, .ss_flags = 0};
    CHECK_ERRNO("size 2047", sigaltstack(&small, NULL), ENOMEM);
    small.ss_size = 2048;
    CHECK_RET("size 2048", sigaltstack(&small, NULL), 0);
    CHECK_RET("back to 64 KiB", sigaltstack(&ss, NULL), 0);
    stack_t bad = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x10};
    CHECK_ERRNO("unknown flag", sigaltstack(&bad, NULL), EINVAL);
    CHECK_ERRNO("bad pointer", sigaltstack((stack_t *)8, NULL), EFAULT);
    stack_t off = {.ss_flags = SS_DISABLE};
    CHECK_RET("SS_DISABLE", sigaltstack(&off, NULL), 0);
    sigaltstack(NULL, &old);
    printf("  now: ss_flags %s, ss_size %zu\n", old.ss_flags == SS_DISABLE ? "SS_DISABLE" : "other",
           old.ss_size);
    local_usr2 = 0;
    raise(SIGUSR2);
    CHECK("SA_ONSTACK handler with it disabled: normal stack", !on_alt(local_usr2) && local_usr2 != 0);
    return 0;
}
