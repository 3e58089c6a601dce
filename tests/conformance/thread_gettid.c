/* gettid: the main thread's tid is the pid; every thread has its own tid,
 * different from all others alive at the same time, with the same pid. */
#include "conf.h"
#include <pthread.h>

#define N 16

static pthread_barrier_t bar;
static pid_t tids[N], pids[N];

static void *worker(void *arg)
{
    long i = (long)arg;
    tids[i] = (pid_t)syscall(SYS_gettid);
    pids[i] = getpid();
    pthread_barrier_wait(&bar);      /* all alive at once: no tid reuse */
    if (syscall(SYS_gettid) != tids[i])
        tids[i] = -1;
    return NULL;
}

int main(void)
{
    pid_t me = getpid(), main_tid = (pid_t)syscall(SYS_gettid);
    CHECK("main thread: gettid == getpid", main_tid == me);
    CHECK("gettid() from glibc agrees", gettid() == main_tid);
    pthread_barrier_init(&bar, NULL, N);
    pthread_t ts[N];
    for (long i = 0; i < N; i++)
        pthread_create(&ts[i], NULL, worker, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(ts[i], NULL);
    int distinct = 1, same_pid = 1, not_main = 1, positive = 1;
    for (int i = 0; i < N; i++) {
        if (pids[i] != me)
            same_pid = 0;
        if (tids[i] == main_tid)
            not_main = 0;
        if (tids[i] <= 0)
            positive = 0;
        for (int j = 0; j < i; j++)
            if (tids[i] == tids[j])
                distinct = 0;
    }
    CHECK("threads: tids positive and stable", positive);
    CHECK("threads: all tids distinct", distinct);
    CHECK("threads: none has the main tid", not_main);
    CHECK("threads: getpid is the process's pid", same_pid);
    CHECK("main tid unchanged", syscall(SYS_gettid) == main_tid);
    return 0;
}
