/* process and user ids, set_tid_address, sched_yield (root on both sides). */
#include "conf.h"
#include <sched.h>

int main(void)
{
    pid_t pid = getpid();
    CHECK("getpid positive", pid > 0);
    CHECK("getpid stable", getpid() == pid);
    CHECK("gettid == getpid (single thread)", gettid() == pid);
    CHECK("raw getpid == getpid", syscall(SYS_getpid) == pid);
    CHECK("getppid non-negative", getppid() >= 0);
    CHECK("getppid != getpid", getppid() != pid);
    int dummy;
    CHECK("set_tid_address returns the tid", syscall(SYS_set_tid_address, &dummy) == pid);

    printf("uid: %d euid: %d\n", (int)getuid(), (int)geteuid());
    printf("gid: %d egid: %d\n", (int)getgid(), (int)getegid());
    CHECK("uid == euid", getuid() == geteuid());
    CHECK("gid == egid", getgid() == getegid());
    CHECK_RET("sched_yield", sched_yield(), 0);
    CHECK_RET("raw sched_yield", syscall(SYS_sched_yield), 0);
    /* /proc/self names this process */
    char buf[64] = {0};
    ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
    CHECK("/proc/self -> our pid", n > 0 && atoi(buf) == pid);
    return 0;
}
