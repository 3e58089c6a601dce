/* The alignment-check flag (RFLAGS.AC) set by the program with popf. It
 * stays the program's: the kernel runs every entry with AC clear (with
 * SMAP, AC set in the kernel would let it touch user memory anywhere) and
 * gives it back on return, through a system call that fails on a bad
 * pointer, a sleep with timer interrupts in it and a timer interrupt that
 * delivers a signal (its handler runs with AC as it was, as on Linux, and
 * finds it set in its context). Nothing between setting AC and clearing
 * it makes a misaligned access (QEMU's TCG does not check alignment; on
 * hardware and KVM one is a SIGBUS there, as on Linux). */
#include "conf.h"
#include <signal.h>
#include <sys/time.h>
#include <ucontext.h>

#define AC (1ul << 18)

static inline void ac_set(void) { __asm__ volatile("pushf\n orl $0x40000, (%%rsp)\n popf" ::: "memory", "cc"); }
static inline void ac_clear(void) { __asm__ volatile("pushf\n andl $~0x40000, (%%rsp)\n popf" ::: "memory", "cc"); }
static inline unsigned long rflags(void)
{
    unsigned long f;
    __asm__ volatile("pushf\n pop %0" : "=r"(f) :: "memory");
    return f;
}

static inline long raw3(long nr, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

static volatile int alarms;
static volatile unsigned long handler_flags, context_flags;

static void on_alarm(int sig, siginfo_t *si, void *ucv)
{
    handler_flags = rflags();
    context_flags = ((ucontext_t *)ucv)->uc_mcontext.gregs[REG_EFL];
    alarms++;
    (void)sig;
    (void)si;
}

int main(void)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    conf_sigaction(SIGALRM, on_alarm, 0);

    ac_set();
    long r = raw3(SYS_write, fds[1], 8, 1);
    unsigned long f = rflags();
    ac_clear();
    printf("write from address 8 with AC set: %s, AC after: %s\n", errname((int)-r), f & AC ? "set" : "clear");

    struct timespec ts = { 0, 20 * 1000 * 1000 };
    ac_set();
    r = raw3(SYS_nanosleep, (long)&ts, 0, 0);
    f = rflags();
    ac_clear();
    printf("nanosleep 20 ms with AC set: %ld, AC after: %s\n", r, f & AC ? "set" : "clear");

    /* Armed with AC already set, so the signal cannot come before. */
    struct itimerval it = { { 0, 0 }, { 0, 10 * 1000 } };
    ac_set();
    raw3(SYS_setitimer, ITIMER_REAL, (long)&it, 0);
    while (!alarms)
        ;
    f = rflags();
    ac_clear();
    printf("busy with AC set until SIGALRM: handler ran with AC %s, its context has AC %s, AC after: %s\n",
           handler_flags & AC ? "set" : "clear", context_flags & AC ? "set" : "clear",
           f & AC ? "set" : "clear");
    return 0;
}
