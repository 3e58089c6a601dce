/* conf: status=139
 * rt_sigreturn to registers the CPU cannot return to user mode with: a
 * handler writes them into its ucontext. Linux takes rip, cs and ss from
 * there (cs and ss with RPL 3) and a return it cannot make is a SIGSEGV of
 * the program, never a fault in the kernel (iretq to a non-canonical rip,
 * or with a null or kernel selector, faults in ring 0): SI_KERNEL for a
 * non-canonical rip and for a bad selector (the SIGSEGV handler's context
 * shows it), a page fault at a kernel-half rip. Last, with SIGSEGV at its
 * default action, the program dies of it. */
#include "bad_return.h"

enum { SET_RIP, SET_CS, SET_SS };
static int what_to_set;
static unsigned long value, rip_after;

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
    greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
    unsigned long csgsfs = (unsigned long)g[REG_CSGSFS];
    rip_after = what_to_set == SET_RIP ? value : (unsigned long)g[REG_RIP];
    if (what_to_set == SET_RIP)
        g[REG_RIP] = (greg_t)value;
    else if (what_to_set == SET_CS)
        g[REG_CSGSFS] = (greg_t)((csgsfs & ~0xfffful) | value);
    else
        g[REG_CSGSFS] = (greg_t)((csgsfs & ~(0xfffful << 48)) | value << 48);
    (void)sig;
    (void)si;
}

static void raise_usr1(void)
{
    raise(SIGUSR1);
}

/* The SIGSEGV handler must see the rip sigreturn went to: v, or the
 * interrupted one when a selector is set. */
static void try(const char *name, int which, unsigned long v)
{
    char what[64];
    what_to_set = which;
    value = v;
    snprintf(what, sizeof what, "sigreturn with %s %#lx", name, v);
    bad_return_expect_segv(what, raise_usr1, &rip_after);
}

int main(void)
{
    conf_no_core();
    conf_sigaction(SIGSEGV, bad_return_on_segv, 0);
    conf_sigaction(SIGUSR1, on_usr1, 0);
    try("rip", SET_RIP, 0x800000000000ul);
    try("rip", SET_RIP, 0x0dead00000000000ul);
    try("rip", SET_RIP, 0xffffffff80000000ul);
    /* The selectors: null, kernel code, kernel data, user data as code,
     * user code as data, past the GDT. The rip stays where raise was. */
    try("cs", SET_CS, 0x0);
    try("cs", SET_CS, 0x8);
    try("cs", SET_CS, 0x2b);
    try("ss", SET_SS, 0x0);
    try("ss", SET_SS, 0x10);
    try("ss", SET_SS, 0x33);
    try("ss", SET_SS, 0xfff8);
    /* The usual ones go through. */
    try("cs", SET_CS, 0x33);
    try("ss", SET_SS, 0x2b);
    signal(SIGSEGV, SIG_DFL);
    printf("sigreturn with rip 0x800000000000 with SIGSEGV at its default action\n");
    what_to_set = SET_RIP;
    value = 0x800000000000ul;
    raise(SIGUSR1);
    printf("survived (must not print)\n");
    return 0;
}
