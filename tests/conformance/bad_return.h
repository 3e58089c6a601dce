/* For the programs about returns to user mode that cannot be made
 * (sig_handler_bad_addr.c, sig_sigreturn_bad_regs.c): a SIGSEGV handler
 * that records what it was given and jumps back to the test. */
#ifndef BAD_RETURN_H
#define BAD_RETURN_H
#include "conf.h"
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

static sigjmp_buf bad_return_jmp;
static siginfo_t bad_return_info;
static greg_t bad_return_rip, bad_return_csgsfs;

static void bad_return_on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    bad_return_info = *si;
    bad_return_rip = uc->uc_mcontext.gregs[REG_RIP];
    bad_return_csgsfs = uc->uc_mcontext.gregs[REG_CSGSFS];
    (void)sig;
    siglongjmp(bad_return_jmp, 1);
}

/* Runs fn, which must end in a SIGSEGV, and prints what the handler saw:
 * the si_code, whether si_addr and the interrupted context's rip are *rip
 * (read after fn ran), and the context's selectors. */
__attribute__((unused)) static void bad_return_expect_segv(const char *what, void (*fn)(void),
                                                            const unsigned long *ripp)
{
    memset(&bad_return_info, 0, sizeof bad_return_info);
    if (sigsetjmp(bad_return_jmp, 1) == 0) {
        fn();
        printf("%s: returned (no SIGSEGV)\n", what);
        return;
    }
    int code = bad_return_info.si_code;
    unsigned long rip = *ripp;
    printf("%s: SIGSEGV %s, si_addr %s, rip %s, cs %#x, ss %#x\n", what,
           bad_return_info.si_signo != SIGSEGV ? "(other signal)"
           : code == SI_KERNEL ? "SI_KERNEL" : code == SEGV_MAPERR ? "SEGV_MAPERR"
           : code == SEGV_ACCERR ? "SEGV_ACCERR" : "(other code)",
           bad_return_info.si_addr == NULL ? "NULL"
           : (unsigned long)bad_return_info.si_addr == rip ? "the rip" : "other",
           (unsigned long)bad_return_rip == rip ? "the one returned to" : "other",
           (unsigned)(bad_return_csgsfs & 0xffff), (unsigned)((unsigned long)bad_return_csgsfs >> 48));
}
#endif
