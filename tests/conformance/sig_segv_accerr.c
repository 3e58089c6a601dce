/* SIGSEGV with SEGV_ACCERR where a mapping exists but forbids the access:
 * a store to a PROT_READ page, to a string literal, to the program text; a
 * load from a PROT_NONE page; a jump into a page without PROT_EXEC. The
 * handler checks si_addr and RIP and skips the access (for the jump, it
 * returns to the caller as if the call had returned). */
#include "conf.h"
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

void probe_store(void *p);      /* movq $7, (%rdi) */
long probe_load(const void *p);
long probe_call(void *fn);
extern char probe_store_insn[], probe_store_after[], probe_load_insn[], probe_load_after[];
__asm__(".text\n"
        ".globl probe_store, probe_store_insn, probe_store_after\n"
        "probe_store:\n"
        "probe_store_insn:\n"
        "    movq $7, (%rdi)\n"
        "probe_store_after:\n"
        "    ret\n"
        ".globl probe_load, probe_load_insn, probe_load_after\n"
        "probe_load:\n"
        "probe_load_insn:\n"
        "    movq (%rdi), %rax\n"
        "probe_load_after:\n"
        "    ret\n"
        ".globl probe_call\n"
        "probe_call:\n"
        "    movq $1, %rax\n"
        "    call *%rdi\n"
        "    ret\n");

static volatile int faults;
static siginfo_t info;
static greg_t rip, err;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    faults++;
    info = *si;
    rip = g[REG_RIP];
    err = g[REG_ERR];
    if (rip == (greg_t)probe_store_insn) {
        g[REG_RIP] = (greg_t)probe_store_after;
    } else if (rip == (greg_t)probe_load_insn) {
        g[REG_RIP] = (greg_t)probe_load_after;
        g[REG_RAX] = 0xdead;
    } else {
        /* a call into a page we may not execute: pop the return address */
        g[REG_RIP] = *(greg_t *)g[REG_RSP];
        g[REG_RSP] += 8;
        g[REG_RAX] = 0xbad;
    }
    (void)sig;
}

static const char *code_name(int c)
{
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

static void report(const char *what, int before, const void *addr, const void *want_rip)
{
    printf("%s: faults %d\n", what, faults - before);
    if (faults == before)
        return;
    printf("  si_signo %s si_code %s\n", info.si_signo == SIGSEGV ? "SIGSEGV" : "other",
           code_name(info.si_code));
    CHECK("  si_addr is the address", info.si_addr == addr);
    CHECK("  RIP where expected", rip == (greg_t)want_rip);
    printf("  error code: write %d, instruction fetch %d\n", (int)(err >> 1 & 1), (int)(err >> 4 & 1));
}

static const char literal[] = "a string literal in .rodata";

int main(void)
{
    conf_sigaction(SIGSEGV, handler, 0);

    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int before = faults;
    long v = probe_load(ro);
    printf("load from PROT_READ page: %ld, faults %d\n", v, faults - before);
    before = faults;
    probe_store(ro + 64);
    report("store to PROT_READ page", before, ro + 64, probe_store_insn);
    printf("  page still reads %ld\n", probe_load(ro + 64));

    before = faults;
    probe_store((void *)(literal + 8));
    report("store to a string literal", before, literal + 8, probe_store_insn);
    printf("  literal: %s\n", literal);

    before = faults;
    probe_store((void *)main);
    report("store to the program text", before, (void *)main, probe_store_insn);

    char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    before = faults;
    v = probe_load(none + 8);
    report("load from PROT_NONE page", before, none + 8, probe_load_insn);
    printf("  result %#lx\n", v);

    char *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rw[0] = (char)0xc3;                  /* ret */
    before = faults;
    v = probe_call(rw);
    report("call into a PROT_READ|PROT_WRITE page", before, rw, rw);
    printf("  result %#lx\n", v);
    mprotect(rw, 4096, PROT_READ | PROT_EXEC);
    before = faults;
    v = probe_call(rw);
    printf("after mprotect PROT_EXEC: result %#lx, faults %d\n", v, faults - before);

    mprotect(ro, 4096, PROT_READ | PROT_WRITE);
    probe_store(ro + 64);
    printf("after mprotect PROT_WRITE the store works: %ld, faults %d in all\n", probe_load(ro + 64), faults);
    return 0;
}
