/* Nested handlers: a SIGUSR1 handler raises SIGUSR2, whose handler runs at
 * once on top of it and raises SIGALRM, whose handler faults (SIGSEGV,
 * caught and skipped); each inner handler's ucontext shows the mask of the
 * code it interrupted, and every level returns to where it was. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

long probe_load(const void *p);
extern char probe_load_insn[], probe_load_after[];
__asm__(".text\n"
        ".globl probe_load, probe_load_insn, probe_load_after\n"
        "probe_load:\n"
        "probe_load_insn:\n"
        "    movq (%rdi), %rax\n"
        "probe_load_after:\n"
        "    ret\n");

static char log_[512];
static volatile int depth;

static void add(const char *s) { strcat(log_, s); }

static void add_mask(const ucontext_t *uc)
{
    char b[64] = " [";
    for (int i = 1; i < 32; i++)
        if (sigismember(&uc->uc_sigmask, i))
            snprintf(b + strlen(b), sizeof b - strlen(b), "%s%d", b[2] ? "," : "", i);
    strcat(b, "]");
    add(b);
}

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    depth++;
    add(" segv");
    add_mask(uc);
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)probe_load_after;
    uc->uc_mcontext.gregs[REG_RAX] = 99;
    depth--;
    (void)sig;
    (void)si;
}

static void on_alrm(int sig, siginfo_t *si, void *uc)
{
    depth++;
    char b[32];
    add(" alrm");
    add_mask(uc);
    long v = probe_load(NULL);
    snprintf(b, sizeof b, " load=%ld", v);
    add(b);
    add(" alrm-out");
    depth--;
    (void)sig;
    (void)si;
}

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
    depth++;
    add(" usr2");
    add_mask(uc);
    raise(SIGALRM);
    add(" usr2-out");
    depth--;
    (void)sig;
    (void)si;
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    depth++;
    add(" usr1");
    add_mask(uc);
    raise(SIGUSR2);
    add(" usr1-out");
    depth--;
    (void)sig;
    (void)si;
}

int main(void)
{
    conf_sigaction(SIGUSR1, on_usr1, 0);
    conf_sigaction(SIGUSR2, on_usr2, 0);
    conf_sigaction(SIGALRM, on_alrm, 0);
    conf_sigaction(SIGSEGV, on_segv, 0);
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, NULL);
    add("main");
    raise(SIGUSR1);
    add(" main-again");
    printf("%s\n", log_);
    printf("depth back to %d\n", depth);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask after: HUP %d USR1 %d USR2 %d ALRM %d SEGV %d\n", sigismember(&cur, SIGHUP),
           sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2), sigismember(&cur, SIGALRM),
           sigismember(&cur, SIGSEGV));
    return 0;
}
