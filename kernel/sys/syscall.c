/* System-call dispatch: the table is filled at boot from the handlers'
 * SYSCALL_DEFINEn entries. A call without a handler returns -ENOSYS and is
 * logged once by name (of numbers past the table, only the first).
 * `trace=syscalls` on the kernel command line logs every call with its
 * arguments and result, like strace. Numbers that a program registered
 * at /dev/eggos/syscall go to its handler first (sys/intercept.c): one
 * bit test per call. */
#include "sys/syscall.h"
#include "sys/intercept.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/trapframe.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "sched/proc.h"

extern const struct syscall_desc __start_syscalls[], __stop_syscalls[];
extern const char *const syscall_names[];   /* generated from Linux's unistd_64.h */
extern const unsigned syscall_names_count;

static const struct syscall_desc *table[NR_SYSCALLS];
static uint8_t warned[NR_SYSCALLS / 8];
static bool warned_beyond;      /* numbers past the table: one line for them all */
static bool tracing;

static const char *name_of(uint64_t nr)
{
    return nr < syscall_names_count && syscall_names[nr] ? syscall_names[nr] : "unknown";
}

void syscall_init(void)
{
    for (const struct syscall_desc *d = __start_syscalls; d < __stop_syscalls; d++) {
        if (d->nr >= NR_SYSCALLS || table[d->nr])
            panic("syscall %u (%s) registered twice or out of range", d->nr, d->name);
        table[d->nr] = d;
    }
    const char *t = cmdline_get("trace");
    tracing = t && strcmp(t, "syscalls") == 0;
}

static long missing(uint64_t nr)
{
    if (nr < NR_SYSCALLS && !(warned[nr / 8] & (1 << (nr % 8)))) {
        warned[nr / 8] |= 1 << (nr % 8);
        klog("eggos: syscall %lu (%s) is not implemented: -ENOSYS", nr, name_of(nr));
    } else if (nr >= NR_SYSCALLS && !warned_beyond) {
        /* Once: a program that probes numbers in a loop (a fuzzer) must not
         * flood the log, which the serial port writes a byte at a time. */
        warned_beyond = true;
        klog("eggos: syscall %lu does not exist: -ENOSYS (later ones past %u not logged)", nr,
             NR_SYSCALLS - 1);
    }
    return -ENOSYS;
}

/* The kernel's own handler of the call in tf. */
static long run(struct trapframe *tf)
{
    uint64_t nr = tf->rax;
    const struct syscall_desc *d = nr < NR_SYSCALLS ? table[nr] : NULL;
    return d ? d->fn(tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9) : missing(nr);
}

void syscall_dispatch(struct trapframe *tf)
{
    uint64_t nr = tf->rax;
    long r;
    if (!__builtin_expect(syscall_intercepted(nr), 0) || !intercept_call(tf, &r, run))
        r = run(tf);

    if (tracing)
        klog("[%d] %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = %ld", current_thread()->tid,
             name_of(nr), tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9, r);
    tf->rax = (uint64_t)r;
}
