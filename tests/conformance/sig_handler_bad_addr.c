/* conf: status=139
 * A signal handler at an address the CPU cannot return to user mode with.
 * rt_sigaction takes any address; delivering the signal must not fault in
 * the kernel (iretq to a non-canonical rip does, on hardware and KVM) but
 * give the program a SIGSEGV, as Linux's fixup_bad_iret: SI_KERNEL without
 * an address for a non-canonical rip, a page fault at the rip
 * (SEGV_MAPERR) for a kernel-half or unmapped one. The context the SIGSEGV
 * handler sees has the handler's address as its rip. Last, with SIGSEGV at
 * its default action, the program dies of it. */
#include "bad_return.h"

static unsigned long handler_addr;

static void raise_usr1(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = (void (*)(int))handler_addr;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
}

int main(void)
{
    conf_no_core();
    conf_sigaction(SIGSEGV, bad_return_on_segv, 0);
    static const unsigned long addrs[] = {
        0x800000000000ul,         /* the first non-canonical address */
        0x0dead00000000000ul,     /* non-canonical */
        0xffffffff80000000ul,     /* canonical, the kernel's half */
        0x7ffffffff000ul,         /* the last user page, never mapped */
    };
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        char what[64];
        handler_addr = addrs[i];
        snprintf(what, sizeof what, "handler at %#lx", addrs[i]);
        bad_return_expect_segv(what, raise_usr1, &handler_addr);
    }
    signal(SIGSEGV, SIG_DFL);
    printf("handler at 0x800000000000 with SIGSEGV at its default action\n");
    handler_addr = 0x800000000000ul;
    raise_usr1();
    printf("survived (must not print)\n");
    return 0;
}
