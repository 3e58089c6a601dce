/* conf: status=132
 * SIGILL from ud2 caught with SA_SIGINFO: si_code ILL_ILLOPN, si_addr and
 * RIP the ud2, trap number 6; the handler moves RIP past the two bytes
 * and execution continues. Then SIG_DFL again: the next ud2 kills with
 * status 132. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

int probe_ud2(void);
extern char probe_ud2_insn[];
__asm__(".text\n"
        ".globl probe_ud2, probe_ud2_insn\n"
        "probe_ud2:\n"
        "    movl $1, %eax\n"
        "probe_ud2_insn:\n"
        "    ud2\n"
        "    movl $2, %eax\n"
        "    ret\n");

static volatile int faults;
static siginfo_t info;
static greg_t rip, trapno;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    faults++;
    info = *si;
    rip = uc->uc_mcontext.gregs[REG_RIP];
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    uc->uc_mcontext.gregs[REG_RIP] += 2;
    (void)sig;
}

int main(void)
{
    conf_no_core();
    conf_sigaction(SIGILL, handler, 0);
    int r = probe_ud2();
    printf("returned %d after %d fault(s)\n", r, faults);
    printf("si_signo %s si_code %s\n", info.si_signo == SIGILL ? "SIGILL" : "other",
           info.si_code == ILL_ILLOPN ? "ILL_ILLOPN" : info.si_code == ILL_ILLOPC ? "ILL_ILLOPC" : "other");
    CHECK("si_addr is the ud2", info.si_addr == (void *)probe_ud2_insn);
    CHECK("RIP is the ud2", rip == (greg_t)probe_ud2_insn);
    printf("trapno %lld\n", (long long)trapno);
    for (int i = 0; i < 20; i++)
        probe_ud2();
    printf("20 more: %d faults\n", faults);
    signal(SIGILL, SIG_DFL);
    printf("with SIG_DFL:\n");
    probe_ud2();
    printf("still alive (must not print)\n");
    return 0;
}
