/* A raw clone with CLONE_CHILD_SETTID, CLONE_PARENT_SETTID and
 * CLONE_CHILD_CLEARTID: the tid appears in both words, and when the child
 * exits the kernel zeroes the child's word and wakes a FUTEX_WAIT on it
 * (what pthread_join relies on). */
#include "conf.h"
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

static volatile int ctid, ptid;
static volatile int child_ran, child_saw_tid;

static int child(void *arg)
{
    (void)arg;
    /* no libc here: the child shares the parent's TLS */
    child_saw_tid = (int)syscall(SYS_gettid) == ctid;
    struct timespec d = {0, 50 * 1000000};
    syscall(SYS_nanosleep, &d, NULL);   /* the parent is in FUTEX_WAIT by now */
    child_ran = 1;
    return 0;                           /* clone() then calls SYS_exit */
}

int main(void)
{
    size_t sz = 256 * 1024;
    char *stack = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                CLONE_CHILD_SETTID | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    ctid = -1;
    ptid = -1;
    int tid = clone(child, stack + sz, flags, NULL, &ptid, NULL, &ctid);
    CHECK("clone returned a tid", tid > 0);
    CHECK("parent's word holds the tid", ptid == tid);
    /* the child word may already be cleared: wait until it is 0 */
    int waits = 0;
    for (;;) {
        int v = ctid;
        if (v == 0)
            break;
        if (v != tid && v != -1) {
            printf("child word holds %s\n", "something else");
            break;
        }
        long r = syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
        if (r == 0 || errno == EAGAIN)
            waits++;
        else
            printf("futex wait: errno %s\n", errname(errno));
    }
    CHECK("child word cleared", ctid == 0);
    CHECK("woken from FUTEX_WAIT (or saw it change)", waits >= 1);
    CHECK("child ran to the end", child_ran);
    CHECK("child saw its tid in the child word", child_saw_tid);
    /* Linux clears the word a moment before the thread is released */
    int gone = 0;
    for (int i = 0; i < 200 && !gone; i++) {
        gone = syscall(SYS_tgkill, getpid(), tid, 0) == -1 && errno == ESRCH;
        if (!gone) {
            struct timespec d = {0, 1000000};
            nanosleep(&d, NULL);
        }
    }
    CHECK("tid gone (tgkill: ESRCH)", gone);
    return 0;
}
