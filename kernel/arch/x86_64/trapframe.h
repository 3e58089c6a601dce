/* The registers saved on kernel entry (interrupt, exception, syscall), in
 * the order arch/x86_64/entry.S pushes them. */
#pragma once

#define TRAP_SYSCALL 0x100          /* trapno of frames built by the syscall entry */

/* User selectors are Linux's, since programs can see them (%cs, %ss, and
 * the ucontext of a signal handler). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE32 0x23
#define SEL_UDATA 0x2B
#define SEL_UCODE 0x33
#define SEL_TSS 0x40

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t trapno, err;
    uint64_t rip, cs, rflags, rsp, ss;     /* as the CPU pushes them */
};

static inline int tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

/* Whether the frame may go back to user mode as it is. iretq to a
 * non-canonical rip faults in ring 0 on hardware and KVM (QEMU's TCG lets
 * it through); a cs other than 64-bit user code (sigreturn takes it from
 * the ucontext) would fault there too, or leave 64-bit mode, which eggos
 * has no entry for. A canonical kernel-half rip is fine: the CPU faults
 * on the fetch in user mode, SIGSEGV as on Linux. ss is left to the CPU:
 * entry.S turns its fault on iretq into the program's SIGSEGV. */
static inline bool tf_user_return_ok(const struct trapframe *tf)
{
    int64_t high = (int64_t)tf->rip >> 47;
    return tf->cs == SEL_UCODE && (high == 0 || high == -1);
}

/* The IDT (idt.c), and the C code entry.S calls with a frame (trap.c). */
void idt_init(void);
void trap(struct trapframe *tf);
void trap_return_user(struct trapframe *tf);
struct trapframe *fixup_bad_iret(struct trapframe *tf);
#endif
