/* SIGSEGV with SA_SIGINFO for loads from unmapped addresses (NULL, a small
 * offset from NULL, an unmapped page, the kernel half): si_signo, si_code
 * SEGV_MAPERR, si_addr and the context's CR2 are the address, RIP is the
 * faulting instruction, the trap number 14. The handler moves RIP past the
 * load and puts a marker in RAX, and the program goes on: the pattern of
 * HotSpot's implicit null checks. */
#include "conf.h"
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

/* long probe_load(const long *p): one 3-byte load, then ret */
long probe_load(const long *p);
extern char probe_load_insn[], probe_load_after[];
__asm__(".text\n"
        ".globl probe_load\n"
        "probe_load:\n"
        ".globl probe_load_insn\n"
        "probe_load_insn:\n"
        "    movq (%rdi), %rax\n"
        ".globl probe_load_after\n"
        "probe_load_after:\n"
        "    ret\n");

static volatile int faults;
static siginfo_t info;
static greg_t rip, trapno, err, cr2;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    faults++;
    info = *si;
    rip = uc->uc_mcontext.gregs[REG_RIP];
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    err = uc->uc_mcontext.gregs[REG_ERR];
    cr2 = uc->uc_mcontext.gregs[REG_CR2];
    if (rip == (greg_t)probe_load_insn) {
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)probe_load_after;
        uc->uc_mcontext.gregs[REG_RAX] = 0xdead;
    }
    (void)sig;
}

static void probe(const char *what, const void *addr)
{
    int before = faults;
    long v = probe_load(addr);
    printf("%s: result %#lx, faults %d\n", what, v, faults - before);
    if (faults == before)
        return;
    printf("  si_signo %s si_code %s si_errno %d\n", info.si_signo == SIGSEGV ? "SIGSEGV" : "other",
           info.si_code == SEGV_MAPERR ? "SEGV_MAPERR" : info.si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
           info.si_errno);
    CHECK("  si_addr is the address", info.si_addr == addr);
    CHECK("  cr2 is the address", cr2 == (greg_t)addr);
    CHECK("  RIP at the load", rip == (greg_t)probe_load_insn);
    printf("  trapno %lld, error code: user %d write %d\n", (long long)trapno, (int)(err >> 2 & 1),
           (int)(err >> 1 & 1));
}

int main(void)
{
    conf_sigaction(SIGSEGV, handler, 0);

    long x = 42;
    probe("mapped word", &x);
    probe("NULL", NULL);
    probe("NULL + 0x18", (void *)0x18);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    p[0] = 1;
    probe("unmapped page between two mapped ones", p + 4096 + 128);
    probe("last word before the hole", p + 4096 - 8);
    probe("kernel half", (void *)0xffff800000001000ul);
    for (int i = 0; i < 100; i++)
        probe_load(NULL);
    printf("100 more NULL loads: %d faults in all\n", faults);
    return 0;
}
