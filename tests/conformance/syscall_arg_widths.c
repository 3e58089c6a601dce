/* Arguments Linux declares 32 bits wide (int, unsigned int: a signal, a
 * resource, flags, an advice) are the low half of their register; what
 * the upper half holds does not matter (the SYSCALL_DEFINE wrapper casts
 * each register to its type). Each call here has junk above bit 31 of
 * such an argument and must act as without it. */
#include "conf.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define JUNK 0x5a5a5a5a00000000ul

int main(void)
{
    struct sigaction_k { void *handler; unsigned long flags; void *restorer; uint64_t mask; } old;
    CHECK_RET("rt_sigaction(SIGUSR1 | junk)", syscall(SYS_rt_sigaction, SIGUSR1 | JUNK, 0, &old, 8),
              0);
    uint64_t none = 0, was;
    CHECK_RET("rt_sigprocmask(SIG_BLOCK | junk)",
              syscall(SYS_rt_sigprocmask, SIG_BLOCK | JUNK, &none, &was, 8), 0);
    unsigned long pid = (unsigned long)getpid(), tid = (unsigned long)gettid();
    CHECK_RET("kill(pid, 0 | junk)", syscall(SYS_kill, pid, 0 | JUNK), 0);
    CHECK_RET("tgkill(pid, tid | junk, 0 | junk)", syscall(SYS_tgkill, pid, tid | JUNK, 0 | JUNK),
              0);
    char buf[4];
    CHECK_RET("getrandom(flags 0 | junk)", syscall(SYS_getrandom, buf, 4, 0 | JUNK), 4);
    struct rlimit rl;
    CHECK_RET("prlimit64(RLIMIT_NOFILE | junk)",
              syscall(SYS_prlimit64, 0, RLIMIT_NOFILE | JUNK, 0, &rl), 0);
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", p != MAP_FAILED);
    CHECK_RET("madvise(MADV_WILLNEED | junk)", syscall(SYS_madvise, p, 4096, MADV_WILLNEED | JUNK),
              0);
    CHECK_RET("msync(MS_ASYNC | junk)", syscall(SYS_msync, p, 4096, MS_ASYNC | JUNK), 0);
    struct timespec ts;
    CHECK_RET("clock_gettime(CLOCK_MONOTONIC | junk)",
              syscall(SYS_clock_gettime, CLOCK_MONOTONIC | JUNK, &ts), 0);
    return 0;
}
