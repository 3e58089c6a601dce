/* wait4 and waitid in a process without children: Linux's argument checks,
 * then ECHILD (eggos runs one program, so it never has a child). */
#include "conf.h"
#include <limits.h>
#include <sys/wait.h>

int main(void)
{
    int status = 12345;
    siginfo_t info;
    CHECK_SYSCALL_ERRNO("wait4(-1)", ECHILD, SYS_wait4, -1, &status, 0, NULL);
    CHECK("wait4 left status alone", status == 12345);
    CHECK_SYSCALL_ERRNO("wait4(-1, WNOHANG)", ECHILD, SYS_wait4, -1, &status, WNOHANG, NULL);
    CHECK_SYSCALL_ERRNO("wait4(0) (own group)", ECHILD, SYS_wait4, 0, &status, 0, NULL);
    CHECK_SYSCALL_ERRNO("wait4(pid 1)", ECHILD, SYS_wait4, 1, &status, 0, NULL);
    CHECK_SYSCALL_ERRNO("wait4(-INT_MAX)", ECHILD, SYS_wait4, -INT_MAX, &status, 0, NULL);
    CHECK_SYSCALL_ERRNO("wait4(INT_MIN)", ESRCH, SYS_wait4, INT_MIN, &status, 0, NULL);
    CHECK_SYSCALL_ERRNO("wait4 bad options", EINVAL, SYS_wait4, -1, &status, 0x100, NULL);
    CHECK_SYSCALL_ERRNO("wait4 WEXITED is not its option", EINVAL, SYS_wait4, -1, &status,
                        WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("wait4 bad status pointer", ECHILD, SYS_wait4, -1, (void *)8, 0, NULL);
    CHECK_ERRNO("wait()", wait(&status), ECHILD);
    CHECK_ERRNO("waitpid(-1, WNOHANG)", waitpid(-1, &status, WNOHANG), ECHILD);

    CHECK_SYSCALL_ERRNO("waitid(P_ALL, WEXITED)", ECHILD, SYS_waitid, P_ALL, 0, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_ALL, WEXITED|WNOHANG)", ECHILD, SYS_waitid, P_ALL, 0, &info,
                        WEXITED | WNOHANG, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PID 1)", ECHILD, SYS_waitid, P_PID, 1, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PGID 0)", ECHILD, SYS_waitid, P_PGID, 0, &info, WSTOPPED, NULL);
    CHECK_SYSCALL_ERRNO("waitid no event option", EINVAL, SYS_waitid, P_ALL, 0, &info, WNOHANG, NULL);
    CHECK_SYSCALL_ERRNO("waitid bad option", EINVAL, SYS_waitid, P_ALL, 0, &info, WEXITED | 0x100, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PID 0)", EINVAL, SYS_waitid, P_PID, 0, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PID -1)", EINVAL, SYS_waitid, P_PID, -1, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PGID -1)", EINVAL, SYS_waitid, P_PGID, -1, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PIDFD -1)", EINVAL, SYS_waitid, P_PIDFD, -1, &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PIDFD stdout, not a pidfd)", EBADF, SYS_waitid, P_PIDFD, 1,
                        &info, WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid(P_PIDFD closed fd)", EBADF, SYS_waitid, P_PIDFD, 999, &info,
                        WEXITED, NULL);
    CHECK_SYSCALL_ERRNO("waitid bad idtype", EINVAL, SYS_waitid, 7, 0, &info, WEXITED, NULL);
    return 0;
}
