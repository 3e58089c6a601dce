/* conf: status=137
 * Default actions end the whole process, whichever thread the signal was
 * sent to: SIGKILL to a worker thread (blocked in a futex wait, with
 * SIGKILL in its mask, which cannot block it) ends the program with
 * status 128 + 9 while the main thread is still waiting to join it. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile pid_t worker;

static void *fn(void *arg)
{
    (void)arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    worker = gettid();
    int w = 0;
    syscall(SYS_futex, &w, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0);
    return NULL;
}

int main(void)
{
    conf_no_core();
    pthread_t t;
    pthread_create(&t, NULL, fn, NULL);
    while (!worker) {
        struct timespec d = {0, 1000000};
        nanosleep(&d, NULL);
    }
    printf("sending SIGKILL to the worker\n");
    syscall(SYS_tgkill, getpid(), worker, SIGKILL);
    pthread_join(t, NULL);
    printf("joined (must not print)\n");
    return 0;
}
