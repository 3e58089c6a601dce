/*
 * Kernel entries: the 256 interrupt/exception vectors and the syscall
 * instruction. Both build a struct trapframe (arch/x86_64/trapframe.h) on
 * the kernel stack and call C; both leave through trap_exit, which runs the
 * pending work for user mode (rescheduling, signals) and returns with iretq.
 * Every entry runs the kernel with RFLAGS as it wants them: AC clear, so
 * that SMAP holds even when user code set AC with popf (the syscall
 * instruction clears it through MSR_SFMASK, interrupt gates do not).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"

.macro PUSH_REGS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro POP_REGS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

/* AC and DF clear (IF stays as the gate or the syscall mask left it, off). */
.macro KERNEL_RFLAGS
    pushq $2
    popfq
.endm

/* One 16-byte stub per vector; the CPU pushes an error code for vectors
 * 8, 10-14, 17, 21, 29, 30 and we push a zero for the others. */
.altmacro
.macro VECTOR n
    .balign 16
vector_\n:
    .if !((\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30))
    push $0
    .endif
    push $\n
    jmp trap_common
.endm

.text
.globl vectors_start
vectors_start:
.set i, 0
.rept 256
    VECTOR %i
    .set i, i + 1
.endr

/* Table of the stubs' addresses for idt.c. */
.section .rodata
.balign 8
.globl vector_table
vector_table:
.set i, 0
.rept 256
    .quad vectors_start + i * 16
    .set i, i + 1
.endr

.text
trap_common:
    /* From user mode: switch GS to the kernel's per-CPU area. */
    testb $3, 24(%rsp)              /* cs, above trapno and err */
    jz 1f
    swapgs
    jmp 2f
    /* From the kernel at the iretq to user mode: the CPU refused the
     * frame (a selector sigreturn took from the ucontext, or an address
     * that slipped past trap_return_user's check). GS is the user's
     * already; the fault becomes one of the program's (Linux's
     * fixup_bad_iret). Only the faults iretq raises for a refused frame
     * (#NP, #SS, #GP) qualify: an NMI or machine check that lands on the
     * iretq stays the kernel's, as Linux's paranoid entries. */
1:  cmpq $iret_to_user, 16(%rsp)    /* rip */
    jne 2f
    cmpq $11, (%rsp)                /* trapno: #NP 11, #SS 12, #GP 13 */
    jb 2f
    cmpq $13, (%rsp)
    ja 2f
    swapgs
    PUSH_REGS
    KERNEL_RFLAGS
    mov %rsp, %rdi
    call fixup_bad_iret             /* the frame, moved where a user entry has it */
    mov %rax, %rsp
    jmp 3f
2:  PUSH_REGS
    KERNEL_RFLAGS
3:  mov %rsp, %rdi
    xor %ebp, %ebp
    call trap
    jmp trap_exit

.globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:CPU_USER_RSP
    mov %gs:CPU_KSTACK_TOP, %rsp
    push $0x2B                      /* ss */
    push %gs:CPU_USER_RSP           /* rsp */
    push %r11                       /* rflags */
    push $0x33                      /* cs */
    push %rcx                       /* rip */
    push %rax                       /* err: the syscall number, for restarts */
    push $TRAP_SYSCALL              /* trapno */
    PUSH_REGS
    cld
    xor %ebp, %ebp
    sti
    mov %rsp, %rdi
    call syscall_dispatch
    jmp trap_exit

/* Offsets in struct trapframe. */
#define TF_R11 32
#define TF_RCX 96
#define TF_TRAPNO 120
#define TF_RIP 136
#define TF_CS 144
#define TF_RFLAGS 152
#define TF_SS 168

/* Also where a new thread starts (sched/switch.S returns here). */
.globl trap_exit
trap_exit:
    cli
    testb $3, TF_CS(%rsp)
    jz 2f
    mov %rsp, %rdi
    call trap_return_user           /* interrupts off on return */
    /* Back from a plain system call: sysretq, which loads rip from rcx and
     * rflags from r11 (Linux's syscall ABI clobbers both anyway), and cs
     * and ss from MSR_STAR. Only for a canonical user rip and the usual
     * selectors: sysretq to any other rip faults in ring 0 with the
     * user's rsp. Frames that a signal or sigreturn rewrote go through
     * iretq. */
    cmpq $TRAP_SYSCALL, TF_TRAPNO(%rsp)
    jne 1f
    cmpq $SEL_UCODE, TF_CS(%rsp)
    jne 1f
    cmpq $SEL_UDATA, TF_SS(%rsp)
    jne 1f
    mov TF_RIP(%rsp), %rcx
    mov %rcx, %r11
    shr $47, %r11
    jnz 1f
    mov %rcx, TF_RCX(%rsp)
    mov TF_RFLAGS(%rsp), %r11
    mov %r11, TF_R11(%rsp)
    POP_REGS
    swapgs
    mov 40(%rsp), %rsp              /* the user's rsp, above trapno, err, rip, cs, rflags */
    sysretq
1:  POP_REGS
    add $16, %rsp                   /* trapno, err */
    swapgs
.globl iret_to_user
iret_to_user:                       /* a fault here: see trap_common */
    iretq
2:  POP_REGS
    add $16, %rsp
    iretq
