/* A TLS base that the CPU cannot load: clone(CLONE_SETTLS), clone3 and
 * arch_prctl(ARCH_SET_FS) refuse any from Linux's TASK_SIZE_MAX (the last
 * user page) up with EPERM, before a thread exists (the switch to it would
 * write a non-canonical one to the FS base MSR, a fault in the kernel on
 * hardware and KVM). Just below, a thread starts. The threads here never
 * touch memory: they exit at once, so their TLS and stack do not matter. */
#include "conf.h"
#include <asm/prctl.h>
#include <linux/sched.h>

#define THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

/* The system call nr with two or five arguments: the result or -errno.
 * A child (result 0 of clone or clone3) calls exit at once. */
long raw_syscall5(long nr, long a, long b, long c, long d, long e);
__asm__(".text\n.globl raw_syscall5\nraw_syscall5:\n"
        "    mov %rdi, %rax\n    mov %rsi, %rdi\n    mov %rdx, %rsi\n    mov %rcx, %rdx\n"
        "    mov %r8, %r10\n    mov %r9, %r8\n    syscall\n"
        "    test %rax, %rax\n    jnz 1f\n"
        "    mov $60, %eax\n    xor %edi, %edi\n    syscall\n"
        "1:  ret\n");

static char stack[4096] __attribute__((aligned(16)));

static const char *result(long r)
{
    return r > 0 ? "a thread" : r == 0 ? "0" : errname((int)-r);
}

int main(void)
{
    static const unsigned long bases[] = {
        0x7fffffffe000ul,          /* below TASK_SIZE_MAX */
        0x7ffffffff000ul,          /* TASK_SIZE_MAX */
        0x800000000000ul,          /* non-canonical */
        0x0dead00000000000ul,      /* non-canonical */
        0xffff800000000000ul,      /* the kernel's half */
        0xfffffffffffffffful,
    };
    for (unsigned i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        unsigned long tls = bases[i];
        long r = raw_syscall5(SYS_clone, THREAD | CLONE_SETTLS, (long)(stack + sizeof stack), 0, 0,
                              (long)tls);
        printf("clone CLONE_SETTLS %#lx: %s\n", tls, result(r));
        struct clone_args args = {
            .flags = THREAD | CLONE_SETTLS, .stack = (unsigned long)stack,
            .stack_size = sizeof stack, .tls = tls,
        };
        r = raw_syscall5(SYS_clone3, (long)&args, sizeof args, 0, 0, 0);
        printf("clone3 tls %#lx: %s\n", tls, result(r));
        if (i == 0)
            continue;              /* it would take this thread's TLS away */
        r = raw_syscall5(SYS_arch_prctl, ARCH_SET_FS, (long)tls, 0, 0, 0);
        printf("arch_prctl ARCH_SET_FS %#lx: %s\n", tls, result(r));
    }
    return 0;
}
