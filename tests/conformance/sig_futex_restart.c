/* A FUTEX_WAIT interrupted by a handled signal: without SA_RESTART it
 * fails with EINTR; with SA_RESTART it is restarted and goes on waiting
 * until a FUTEX_WAKE; a wait with a timeout (relative or absolute) fails
 * with EINTR even under SA_RESTART, as on Linux. */
#include "futex_waiters.h"

static int word;
static volatile int runs, arrived, returned;
static volatile pid_t waiter_tid;
static long ret;
static int err;
static int mode;       /* 0: no timeout, 1: relative, 2: absolute */

static void handler(int sig) { runs++; (void)sig; }


static void *waiter(void *arg)
{
    (void)arg;
    waiter_tid = (pid_t)syscall(SYS_gettid);
    struct timespec t = {5, 0};
    arrived = 1;
    if (mode == 0) {
        ret = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    } else if (mode == 1) {
        ret = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &t, NULL, 0);
    } else {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        t.tv_sec += now.tv_sec;
        ret = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, &t, NULL, FUTEX_BITSET_MATCH_ANY);
    }
    err = ret ? errno : 0;
    returned = 1;
    return NULL;
}

static void one(const char *what, int flags, int m)
{
    conf_signal(SIGUSR1, handler, flags);
    mode = m;
    runs = arrived = returned = 0;
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    for (int i = 0; i < 10000 && (!arrived || futex_sleepers(&word, 1) == 0); i++)
        conf_sleep_ms(1);              /* asleep in the kernel */
    syscall(SYS_tgkill, getpid(), waiter_tid, SIGUSR1);
    /* the handler ran, and the wait either ended or sleeps again */
    for (int i = 0; i < 10000 && !(runs && (returned || futex_sleepers(&word, 1) == 1)); i++)
        conf_sleep_ms(1);
    printf("%s: handler ran %d, FUTEX_WAIT returned already: %s\n", what, runs, returned ? "yes" : "no");
    long woken = 0;
    if (!returned) {
        woken = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    pthread_join(t, NULL);
    printf("  FUTEX_WAKE woke %ld; FUTEX_WAIT returned %ld (%s)\n", woken, ret, errname(err));
}

int main(void)
{
    one("no timeout", 0, 0);
    one("no timeout, SA_RESTART", SA_RESTART, 0);
    one("relative 5 s, SA_RESTART", SA_RESTART, 1);
    one("absolute +5 s, SA_RESTART", SA_RESTART, 2);
    return 0;
}
