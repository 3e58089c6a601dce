/* General-protection faults in user mode are SIGSEGV with si_code
 * SI_KERNEL and no address (trap number 13): a privileged instruction
 * (hlt, cli), an I/O port access, and a load from a non-canonical address.
 * The handler skips the instruction each time. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

long probe_hlt(void), probe_cli(void), probe_in(void), probe_noncanon(void *p);
extern char hlt_insn[], cli_insn[], in_insn[], noncanon_insn[];
__asm__(".text\n"
        ".globl probe_hlt, probe_cli, probe_in, probe_noncanon, hlt_insn, cli_insn, in_insn, noncanon_insn\n"
        "probe_hlt:\n    xor %eax, %eax\nhlt_insn:\n    hlt\n    ret\n"
        "probe_cli:\n    xor %eax, %eax\ncli_insn:\n    cli\n    ret\n"
        "probe_in:\n    xor %eax, %eax\n    mov $0x3f8, %dx\nin_insn:\n    inb %dx, %al\n    ret\n"
        "probe_noncanon:\n    xor %eax, %eax\nnoncanon_insn:\n    movq (%rdi), %rax\n    ret\n");

static volatile int faults;
static siginfo_t info;
static greg_t rip, trapno;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    faults++;
    info = *si;
    rip = g[REG_RIP];
    trapno = g[REG_TRAPNO];
    /* skip: hlt, cli, inb are one byte; the load three */
    g[REG_RIP] += rip == (greg_t)noncanon_insn ? 3 : 1;
    g[REG_RAX] = 0x77;
    (void)sig;
}

static void report(const char *what, long r, int before, const void *insn)
{
    printf("%s: result %#lx, faults %d, si_signo %s, si_code %s, si_addr %s, trapno %lld\n", what, r,
           faults - before, info.si_signo == SIGSEGV ? "SIGSEGV" : "other",
           info.si_code == SI_KERNEL ? "SI_KERNEL" : info.si_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other",
           info.si_addr ? "set" : "NULL", (long long)trapno);
    CHECK("  RIP at the instruction", rip == (greg_t)insn);
    memset(&info, 0, sizeof info);
}

int main(void)
{
    conf_sigaction(SIGSEGV, handler, 0);
    int before = faults;
    long r = probe_hlt();
    report("hlt", r, before, hlt_insn);
    before = faults;
    r = probe_cli();
    report("cli", r, before, cli_insn);
    before = faults;
    r = probe_in();
    report("inb from port 0x3f8", r, before, in_insn);
    before = faults;
    r = probe_noncanon((void *)0x8000000000000000ul);
    report("load from 0x8000000000000000", r, before, noncanon_insn);
    return 0;
}
