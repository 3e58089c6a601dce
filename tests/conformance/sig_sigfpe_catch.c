/* SIGFPE from integer division caught with SA_SIGINFO: divide by zero and
 * INT64_MIN / -1 both raise #DE, si_code FPE_INTDIV, si_addr and RIP the
 * div instruction, trap number 0. The handler skips the instruction and
 * sets the quotient; the program goes on. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

/* long probe_div(long a, long b): a / b with idivq */
long probe_div(long a, long b);
extern char probe_div_insn[], probe_div_after[];
__asm__(".text\n"
        ".globl probe_div, probe_div_insn, probe_div_after\n"
        "probe_div:\n"
        "    movq %rdi, %rax\n"
        "    cqto\n"
        "probe_div_insn:\n"
        "    idivq %rsi\n"
        "probe_div_after:\n"
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
    if (rip == (greg_t)probe_div_insn) {
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)probe_div_after;
        uc->uc_mcontext.gregs[REG_RAX] = -12345;
    }
    (void)sig;
}

static void probe(const char *what, long a, long b)
{
    int before = faults;
    long q = probe_div(a, b);
    printf("%s: quotient %ld, faults %d\n", what, q, faults - before);
    if (faults == before)
        return;
    printf("  si_signo %s si_code %s\n", info.si_signo == SIGFPE ? "SIGFPE" : "other",
           info.si_code == FPE_INTDIV ? "FPE_INTDIV" : info.si_code == FPE_INTOVF ? "FPE_INTOVF" : "other");
    CHECK("  si_addr is the div instruction", info.si_addr == (void *)probe_div_insn);
    CHECK("  RIP is the div instruction", rip == (greg_t)probe_div_insn);
    printf("  trapno %lld\n", (long long)trapno);
}

int main(void)
{
    conf_sigaction(SIGFPE, handler, 0);
    probe("100 / 7", 100, 7);
    probe("100 / 0", 100, 0);
    probe("INT64_MIN / -1", INT64_MIN, -1);
    probe("-100 / 7", -100, 7);
    for (int i = 0; i < 50; i++)
        probe_div(i, 0);
    printf("50 more: %d faults in all\n", faults);
    return 0;
}
