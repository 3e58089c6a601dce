/* First code of every new thread, reached by context_switch's ret.
 * rbx holds a function to run first in the kernel, or 0. A kernel thread's
 * function never returns; a user thread's stack pointer is now at its
 * trapframe, and after the function it returns to user mode. */
.text
.globl thread_trampoline
thread_trampoline:
    call sched_finish_switch
    test %rbx, %rbx
    jz 1f
    sti
    call *%rbx
1:  jmp trap_exit
