/* The Linux system-call table. A handler is written as
 *
 *     SYSCALL_DEFINE3(read, unsigned int, fd, void __user *, buf, size_t, n)
 *     { ... }
 *
 * which, as Linux's include/linux/syscalls.h does, declares the typed
 * prototype long sys_read(unsigned int fd, void __user *buf, size_t n),
 * builds the wrapper that takes the six registers as uint64_t and casts each
 * to its declared type (__SC_CAST: an int is the register's low 32 bits,
 * read as signed; an unsigned int its low 32 bits; a pointer, long, size_t
 * or int64_t all 64), and enters the wrapper in the table under __NR_read.
 * The number comes from the generated table of Linux's numbers
 * (tools/syscall-names.sh, build/gen/syscall_nr.h), so a name that is not a
 * Linux system call does not compile; the table is a link-time section, so
 * adding a syscall touches no central list, and a second definition of the
 * same call fails the link (sys_<name> is one global symbol). */
#pragma once
#include <stdint.h>
#include "syscall_nr.h"

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

struct syscall_desc {
    unsigned nr;
    const char *name;
    syscall_fn fn;
};

/* __SC_MAP(n, m, t1, a1, ..., tn, an) is m(t1, a1), ..., m(tn, an). */
#define __SC_MAP0(m, ...)
#define __SC_MAP1(m, t, a, ...) m(t, a)
#define __SC_MAP2(m, t, a, ...) m(t, a), __SC_MAP1(m, __VA_ARGS__)
#define __SC_MAP3(m, t, a, ...) m(t, a), __SC_MAP2(m, __VA_ARGS__)
#define __SC_MAP4(m, t, a, ...) m(t, a), __SC_MAP3(m, __VA_ARGS__)
#define __SC_MAP5(m, t, a, ...) m(t, a), __SC_MAP4(m, __VA_ARGS__)
#define __SC_MAP6(m, t, a, ...) m(t, a), __SC_MAP5(m, __VA_ARGS__)
#define __SC_MAP(n, ...) __SC_MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a) t a
#define __SC_LONG(t, a) uint64_t a
#define __SC_CAST(t, a) (t)a
/* An argument wider than a register cannot come in one (Linux's __SC_TEST). */
#define __SC_TEST(t, a) (void)sizeof(char[sizeof(t) <= sizeof(uint64_t) ? 1 : -1])

/* The registers past the handler's arguments, unused. */
#define __SC_R(i) uint64_t __r##i __attribute__((unused))
#define __SC_PAD0 __SC_R(1), __SC_R(2), __SC_R(3), __SC_R(4), __SC_R(5), __SC_R(6)
#define __SC_PAD1 , __SC_R(2), __SC_R(3), __SC_R(4), __SC_R(5), __SC_R(6)
#define __SC_PAD2 , __SC_R(3), __SC_R(4), __SC_R(5), __SC_R(6)
#define __SC_PAD3 , __SC_R(4), __SC_R(5), __SC_R(6)
#define __SC_PAD4 , __SC_R(5), __SC_R(6)
#define __SC_PAD5 , __SC_R(6)
#define __SC_PAD6

#define __SC_DECLS(n, ...) __SC_DECLS_##n(__VA_ARGS__)
#define __SC_DECLS_0(...) void
#define __SC_DECLS_1(...) __SC_MAP(1, __SC_DECL, __VA_ARGS__)
#define __SC_DECLS_2(...) __SC_MAP(2, __SC_DECL, __VA_ARGS__)
#define __SC_DECLS_3(...) __SC_MAP(3, __SC_DECL, __VA_ARGS__)
#define __SC_DECLS_4(...) __SC_MAP(4, __SC_DECL, __VA_ARGS__)
#define __SC_DECLS_5(...) __SC_MAP(5, __SC_DECL, __VA_ARGS__)
#define __SC_DECLS_6(...) __SC_MAP(6, __SC_DECL, __VA_ARGS__)

#define __SYSCALL_DEFINEx(n, name, ...)                                       \
    long sys_##name(__SC_DECLS(n, __VA_ARGS__));                              \
    static long __se_sys_##name(__SC_MAP(n, __SC_LONG, __VA_ARGS__) __SC_PAD##n) \
    {                                                                         \
        __SC_MAP(n, __SC_TEST, __VA_ARGS__);                                  \
        return sys_##name(__SC_MAP(n, __SC_CAST, __VA_ARGS__));               \
    }                                                                         \
    static const struct syscall_desc __syscall_##name                         \
        __attribute__((used, section(".syscalls"), aligned(8))) =             \
        { __NR_##name, #name, __se_sys_##name };                              \
    long sys_##name(__SC_DECLS(n, __VA_ARGS__))

#define SYSCALL_DEFINE0(name) __SYSCALL_DEFINEx(0, name)
#define SYSCALL_DEFINE1(name, ...) __SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) __SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) __SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) __SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) __SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) __SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#define NR_SYSCALLS 512

struct trapframe;
/* Runs the system call in tf (rax = number, rdi..r9 = arguments). */
void syscall_dispatch(struct trapframe *tf);
void syscall_init(void);
