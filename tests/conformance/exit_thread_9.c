/* conf: status=9
 * the raw exit system call (thread exit) of the only thread ends the process
 * with that status. */
#include "conf.h"

int main(void)
{
    printf("calling exit(9) as a thread\n");
    fflush(stdout);
    syscall(SYS_exit, 9);
    printf("still running after SYS_exit\n");
    return 1;
}
