/*
 * Copies between kernel and user memory. A fault on a user page first goes
 * to the page-fault handler (demand paging); if the address is bad, the
 * exception table sends the faulting instruction to its fixup, which
 * returns -EFAULT. With SMAP the kernel may touch user pages only between
 * stac and clac. Copies move 8 bytes at a time (QEMU's TCG runs string
 * instructions one element at a time), then the tail byte by byte.
 */
#define EFAULT 14

.macro EXTABLE insn, fixup
    .pushsection __extable, "a"
    .balign 8
    .quad \insn, \fixup
    .popsection
.endm

.macro USER_ACCESS_BEGIN
    testb $1, smap_enabled(%rip)
    jz 100f
    stac
100:
.endm

.macro USER_ACCESS_END
    testb $1, smap_enabled(%rip)
    jz 101f
    clac
101:
.endm

.text
/* long copy_user_raw(void *dst, const void *src, size_t n): 0 or -EFAULT */
.globl copy_user_raw
copy_user_raw:
    USER_ACCESS_BEGIN
    mov %rdx, %rcx
    shr $3, %rcx
1:  rep movsq
    mov %rdx, %rcx
    and $7, %rcx
3:  rep movsb
    USER_ACCESS_END
    xor %eax, %eax
    ret
2:  USER_ACCESS_END
    mov $-EFAULT, %rax
    ret
    EXTABLE 1b, 2b
    EXTABLE 3b, 2b

/* long clear_user_raw(void *dst, size_t n): 0 or -EFAULT */
.globl clear_user_raw
clear_user_raw:
    USER_ACCESS_BEGIN
    mov %rsi, %rcx
    shr $3, %rcx
    xor %eax, %eax
1:  rep stosq
    mov %rsi, %rcx
    and $7, %rcx
3:  rep stosb
    USER_ACCESS_END
    xor %eax, %eax
    ret
2:  USER_ACCESS_END
    mov $-EFAULT, %rax
    ret
    EXTABLE 1b, 2b
    EXTABLE 3b, 2b

/* long strncpy_user_raw(char *dst, const char *src, size_t max):
 * length without the NUL, max if no NUL among max bytes, or -EFAULT. */
.globl strncpy_user_raw
strncpy_user_raw:
    USER_ACCESS_BEGIN
    xor %eax, %eax
3:  cmp %rdx, %rax
    je 4f
1:  movb (%rsi,%rax), %cl
    movb %cl, (%rdi,%rax)
    test %cl, %cl
    jz 4f
    inc %rax
    jmp 3b
4:  USER_ACCESS_END
    ret
2:  USER_ACCESS_END
    mov $-EFAULT, %rax
    ret
    EXTABLE 1b, 2b
