/* SIGTRAP: int3 reports si_code SI_KERNEL without an address and RIP just
 * past the int3 (trap number 3), so a handler simply returns; the trap flag
 * (single step) reports TRAP_TRACE with the address of the next
 * instruction, until the handler clears the flag in the context. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

extern char after_int3[], step_target[];
static volatile int traps;
static siginfo_t info;
static greg_t rip, trapno, eflags;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    traps++;
    info = *si;
    rip = uc->uc_mcontext.gregs[REG_RIP];
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    eflags = uc->uc_mcontext.gregs[REG_EFL];
    uc->uc_mcontext.gregs[REG_EFL] &= ~0x100l;     /* stop single-stepping */
    (void)sig;
}

static const char *code_name(int c)
{
    switch (c) {
    case SI_KERNEL: return "SI_KERNEL";
    case TRAP_BRKPT: return "TRAP_BRKPT";
    case TRAP_TRACE: return "TRAP_TRACE";
    default: return "other";
    }
}

int main(void)
{
    conf_sigaction(SIGTRAP, handler, 0);

    __asm__ volatile("int3\n.globl after_int3\nafter_int3:" ::: "memory");
    printf("int3: traps %d, si_signo %s, si_code %s, si_addr %s\n", traps,
           info.si_signo == SIGTRAP ? "SIGTRAP" : "other", code_name(info.si_code),
           info.si_addr ? "set" : "NULL");
    CHECK("RIP just past the int3", rip == (greg_t)after_int3);
    printf("trapno %lld\n", (long long)trapno);

    long x = 0;
    __asm__ volatile("pushfq\n"
                     "orq $0x100, (%%rsp)\n"
                     "popfq\n"
                     "incq %0\n"            /* runs, then #DB */
                     ".globl step_target\n"
                     "step_target:\n"
                     "incq %0\n"
                     "incq %0\n"
                     : "+r"(x) :: "memory", "cc");
    printf("single step: traps %d, x %ld, si_signo %s, si_code %s\n", traps, x,
           info.si_signo == SIGTRAP ? "SIGTRAP" : "other", code_name(info.si_code));
    CHECK("si_addr is the next instruction", info.si_addr == (void *)step_target);
    CHECK("RIP is the next instruction", rip == (greg_t)step_target);
    CHECK("TF set in the saved flags", eflags & 0x100);
    printf("trapno %lld\n", (long long)trapno);
    return 0;
}
