/* The Linux system-call table. Each handler, named sys_<name>, takes its
 * arguments in Linux's order and returns a value or a negative errno;
 * SYSCALL(nr, name) below its definition enters it in the table (a
 * link-time section, so adding a syscall touches no central list). */
#pragma once
#include <stdint.h>

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

struct syscall_desc {
    unsigned nr;
    const char *name;
    syscall_fn fn;
};

#define SYSCALL(nr, name)                                                     \
    static const struct syscall_desc __syscall_##name                         \
        __attribute__((used, section(".syscalls"), aligned(8))) =             \
        { (nr), #name, (syscall_fn)(void *)sys_##name }

#define NR_SYSCALLS 512

struct trapframe;
/* Runs the system call in tf (rax = number, rdi..r9 = arguments). */
void syscall_dispatch(struct trapframe *tf);
void syscall_init(void);
