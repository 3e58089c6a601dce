/* getrlimit/prlimit64: stack and fd limits; lowering RLIMIT_NOFILE is enforced. */
#include "conf.h"
#include <sys/resource.h>

int main(void)
{
    struct rlimit rl;
    CHECK_RET("getrlimit RLIMIT_STACK", getrlimit(RLIMIT_STACK, &rl), 0);
    printf("RLIMIT_STACK soft: %llu KiB\n", (unsigned long long)rl.rlim_cur / 1024);
    CHECK("soft <= hard", rl.rlim_cur <= rl.rlim_max);
    struct rlimit old;
    CHECK_RET("prlimit64 read RLIMIT_STACK", syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &old), 0);
    CHECK("prlimit64 == getrlimit", old.rlim_cur == rl.rlim_cur && old.rlim_max == rl.rlim_max);
    CHECK_RET("prlimit64 on own pid", syscall(SYS_prlimit64, getpid(), RLIMIT_STACK, NULL, &old), 0);

    CHECK_RET("getrlimit RLIMIT_NOFILE", getrlimit(RLIMIT_NOFILE, &rl), 0);
    CHECK("RLIMIT_NOFILE soft positive", rl.rlim_cur > 0);
    CHECK("RLIMIT_NOFILE soft <= hard", rl.rlim_cur <= rl.rlim_max);
    CHECK("RLIMIT_NOFILE soft >= 64", rl.rlim_cur >= 64);
    CHECK("getdtablesize == soft", (rlim_t)getdtablesize() == rl.rlim_cur);
    CHECK("sysconf(_SC_OPEN_MAX) == soft", (rlim_t)sysconf(_SC_OPEN_MAX) == rl.rlim_cur);
    CHECK_ERRNO("getrlimit bad resource", syscall(SYS_getrlimit, 999, &rl), EINVAL);
    CHECK_ERRNO("prlimit64 bad resource", syscall(SYS_prlimit64, 0, 999, NULL, &rl), EINVAL);
    CHECK_RET("getrlimit RLIMIT_AS", getrlimit(RLIMIT_AS, &rl), 0);
    CHECK_RET("getrlimit RLIMIT_CORE", getrlimit(RLIMIT_CORE, &rl), 0);
    CHECK_RET("getrlimit RLIMIT_DATA", getrlimit(RLIMIT_DATA, &rl), 0);

    /* lower the fd limit to 32 and run into it */
    struct rlimit nl;
    getrlimit(RLIMIT_NOFILE, &rl);
    nl.rlim_cur = 32;
    nl.rlim_max = rl.rlim_max;
    CHECK_RET("setrlimit RLIMIT_NOFILE soft 32", setrlimit(RLIMIT_NOFILE, &nl), 0);
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("RLIMIT_NOFILE soft now: %llu\n", (unsigned long long)rl.rlim_cur);
    int last = -1, err = 0;
    for (int i = 0; i < 100; i++) {
        int fd = dup(0);
        if (fd < 0) {
            err = errno;
            break;
        }
        last = fd;
    }
    printf("highest fd: %d, then errno %s\n", last, errname(err));
    CHECK_ERRNO("open at the limit", open("/dev/null", O_RDONLY), EMFILE);
    CHECK_ERRNO("pipe at the limit", ({ int p[2]; pipe(p); }), EMFILE);
    CHECK_ERRNO("dup2 to the limit", dup2(0, 32), EBADF);
    CHECK_ERRNO("F_DUPFD at the limit", fcntl(0, F_DUPFD, 32), EINVAL);
    close(last);
    int again = open("/dev/null", O_RDONLY);
    printf("freed slot reused: %s\n", again == last ? "yes" : "no");

    struct rlimit inv = {100, 50};
    CHECK_ERRNO("soft above hard", setrlimit(RLIMIT_NOFILE, &inv), EINVAL);
    /* set the stack limit and read it back */
    getrlimit(RLIMIT_STACK, &rl);
    struct rlimit st = {4 << 20, rl.rlim_max};
    CHECK_RET("lower RLIMIT_STACK to 4 MiB", setrlimit(RLIMIT_STACK, &st), 0);
    getrlimit(RLIMIT_STACK, &rl);
    printf("RLIMIT_STACK soft now: %llu KiB\n", (unsigned long long)rl.rlim_cur / 1024);
    /* prlimit64 sets and returns the old value in one call */
    struct rlimit oldv, newv = {8 << 20, rl.rlim_max};
    CHECK_RET("prlimit64 set+get", syscall(SYS_prlimit64, 0, RLIMIT_STACK, &newv, &oldv), 0);
    printf("old soft: %llu KiB\n", (unsigned long long)oldv.rlim_cur / 1024);
    getrlimit(RLIMIT_STACK, &rl);
    printf("new soft: %llu KiB\n", (unsigned long long)rl.rlim_cur / 1024);
    return 0;
}
