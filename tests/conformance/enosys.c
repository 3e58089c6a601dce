/* system calls nobody has: -ENOSYS, and the process carries on. */
#include "conf.h"

int main(void)
{
    CHECK_SYSCALL_ERRNO("syscall 500", ENOSYS, 500);
    CHECK_SYSCALL_ERRNO("syscall 1000", ENOSYS, 1000);
    CHECK_SYSCALL_ERRNO("syscall 100000", ENOSYS, 100000);
    CHECK_SYSCALL_ERRNO("syscall -1", ENOSYS, -1L);
    /* removed on x86-64: afs_syscall (183), tuxcall (184), security (185) */
    CHECK_SYSCALL_ERRNO("afs_syscall (183)", ENOSYS, 183);
    CHECK_SYSCALL_ERRNO("tuxcall (184)", ENOSYS, 184);
    CHECK_SYSCALL_ERRNO("security (185)", ENOSYS, 185);
    CHECK_SYSCALL_ERRNO("vserver (236)", ENOSYS, 236);
    /* the same unknown call again (eggos logs it once) */
    CHECK_SYSCALL_ERRNO("syscall 500 again", ENOSYS, 500);
    CHECK("still alive, getpid works", getpid() > 0);
    return 0;
}
