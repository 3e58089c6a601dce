/* The FPU state in a handler's ucontext: uc_mcontext.fpregs points at the
 * interrupted code's XMM registers, MXCSR and x87 control word; what the
 * handler writes there is what the code finds after sigreturn. The
 * handler's own XMM registers start clean. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

static unsigned long long seen_xmm3[2];
static unsigned seen_mxcsr;
static unsigned short seen_cwd;
static int has_fpregs, handler_xmm3_zero;
static unsigned long long after_xmm3[2], after_xmm9[2];
static unsigned after_mxcsr;
static unsigned short after_cwd;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    fpregset_t fp = uc->uc_mcontext.fpregs;
    has_fpregs = fp != NULL;
    if (!fp)
        return;
    unsigned long long mine[2];
    __asm__ volatile("movdqu %%xmm3, %0" : "=m"(mine));
    handler_xmm3_zero = mine[0] == 0 && mine[1] == 0;
    memcpy(seen_xmm3, &fp->_xmm[3], 16);
    seen_mxcsr = fp->mxcsr;
    seen_cwd = fp->cwd;
    static const unsigned long long v3[2] = {0x1111222233334444ull, 0x5555666677778888ull};
    static const unsigned long long v9[2] = {0x9999aaaabbbbccccull, 0xddddeeeeffff0000ull};
    memcpy(&fp->_xmm[3], v3, 16);
    memcpy(&fp->_xmm[9], v9, 16);
    fp->mxcsr = (fp->mxcsr & ~0x6000u) | 0x6000u;    /* round toward zero */
    fp->cwd = 0x0c7f;                                /* x87: round toward zero */
    (void)sig;
    (void)si;
}

int main(void)
{
    conf_sigaction(SIGTRAP, handler, 0);
    static const unsigned long long in3[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull};
    unsigned mxcsr0 = 0x1f80, mxcsr_tmp;
    unsigned short cw0 = 0x037f;
    __asm__ volatile("movdqu %[in], %%xmm3\n"
                     "ldmxcsr %[m0]\n"
                     "fldcw %[c0]\n"
                     "int3\n"
                     "movdqu %%xmm3, %[o3]\n"
                     "movdqu %%xmm9, %[o9]\n"
                     "stmxcsr %[m]\n"
                     "fnstcw %[c]\n"
                     "ldmxcsr %[m0]\n"
                     "fldcw %[c0]\n"
                     : [o3] "=m"(after_xmm3), [o9] "=m"(after_xmm9), [m] "=m"(mxcsr_tmp), [c] "=m"(after_cwd)
                     : [in] "m"(in3), [m0] "m"(mxcsr0), [c0] "m"(cw0)
                     : "xmm3", "xmm9", "memory");
    after_mxcsr = mxcsr_tmp;
    CHECK("uc_mcontext.fpregs set", has_fpregs);
    CHECK("the handler's own xmm3 is zero", handler_xmm3_zero);
    printf("handler saw xmm3 %016llx%016llx, mxcsr %#x, x87 cw %#x\n", seen_xmm3[1], seen_xmm3[0],
           seen_mxcsr, seen_cwd);
    printf("after return: xmm3 %016llx%016llx\n", after_xmm3[1], after_xmm3[0]);
    printf("after return: xmm9 %016llx%016llx\n", after_xmm9[1], after_xmm9[0]);
    printf("after return: mxcsr %#x, x87 cw %#x\n", after_mxcsr, after_cwd);
    return 0;
}
