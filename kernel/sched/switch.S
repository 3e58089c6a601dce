/* void context_switch(uint64_t *save_ksp, uint64_t new_ksp)
 * Saves the callee-saved registers on the current kernel stack, stores the
 * stack pointer, and resumes the thread whose stack pointer is new_ksp. */
.text
.globl context_switch
context_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret
