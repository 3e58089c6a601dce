/* Signals a process sends itself: kill (si_code SI_USER), tgkill and tkill
 * (SI_TKILL), raise (glibc's tgkill), each with si_pid and si_uid of the
 * sender; the handler runs before the call returns. Signal 0 checks only;
 * bad signal numbers and targets fail. */
#include "conf.h"
#include <signal.h>

static volatile int count;
static siginfo_t info;

static void handler(int sig, siginfo_t *si, void *uc)
{
    count++;
    info = *si;
    (void)sig;
    (void)uc;
}

static const char *code_name(int c)
{
    return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : "other";
}

static void report(const char *what, long r)
{
    printf("%s: returned %ld, handler ran %d, si_signo %d, si_code %s, si_pid ours %s, si_uid ours %s\n",
           what, r, count, info.si_signo, code_name(info.si_code), info.si_pid == getpid() ? "yes" : "no",
           info.si_uid == getuid() ? "yes" : "no");
    count = 0;
    memset(&info, 0, sizeof info);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid);

    report("kill(getpid())", kill(pid, SIGUSR1));
    report("tgkill(pid, tid)", syscall(SYS_tgkill, pid, tid, SIGUSR1));
    report("tkill(tid)", syscall(SYS_tkill, tid, SIGUSR1));
    report("raise", raise(SIGUSR1));
    report("raise(SIGRTMIN+1)", raise(SIGRTMIN + 1));

    CHECK_RET("kill sig 0", kill(pid, 0), 0);
    CHECK_RET("tgkill sig 0", syscall(SYS_tgkill, pid, tid, 0), 0);
    printf("handler ran %d time(s) for signal 0\n", count);
    CHECK_ERRNO("kill sig 65", kill(pid, 65), EINVAL);
    CHECK_ERRNO("kill sig -1", kill(pid, -1), EINVAL);
    CHECK_ERRNO("tgkill sig 65", syscall(SYS_tgkill, pid, tid, 65), EINVAL);
    CHECK_ERRNO("tgkill tid 0", syscall(SYS_tgkill, pid, 0, SIGUSR1), EINVAL);
    CHECK_ERRNO("tgkill tgid 0", syscall(SYS_tgkill, 0, tid, SIGUSR1), EINVAL);
    CHECK_ERRNO("tgkill tid -1", syscall(SYS_tgkill, pid, -1, SIGUSR1), EINVAL);
    CHECK_ERRNO("tkill tid 0", syscall(SYS_tkill, 0, SIGUSR1), EINVAL);
    CHECK_ERRNO("tgkill a tid that does not exist", syscall(SYS_tgkill, pid, 0x3fff0000, SIGUSR1), ESRCH);
    CHECK_ERRNO("kill a pid that does not exist", kill(0x3fff0000, SIGUSR1), ESRCH);
    CHECK_ERRNO("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERRNO("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL), EINVAL);
    CHECK_RET("sigaction SIGKILL query only", sigaction(SIGKILL, NULL, &sa), 0);
    CHECK_ERRNO("sigaction 0", sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERRNO("sigaction 65", sigaction(65, &sa, NULL), EINVAL);
    printf("handler ran %d time(s) in all of these\n", count);
    return 0;
}
