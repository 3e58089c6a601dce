/* pause() sleeps until a signal runs a handler, then fails with EINTR;
 * ignored signals (SIG_IGN, or SIGCHLD by default) do not end it. Another
 * thread sends the signals, again until pause returned. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile int runs, done;
static pid_t main_tid;

static void handler(int sig) { runs++; (void)sig; }

static void *sender(void *arg)
{
    (void)arg;
    while (!done) {
        struct timespec d = {0, 30 * 1000000};
        nanosleep(&d, NULL);
        syscall(SYS_tgkill, getpid(), main_tid, SIGUSR2);    /* ignored */
        syscall(SYS_tgkill, getpid(), main_tid, SIGCHLD);    /* ignored by default */
        nanosleep(&d, NULL);
        if (!done)
            syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    }
    return NULL;
}

int main(void)
{
    main_tid = (pid_t)syscall(SYS_gettid);
    signal(SIGUSR1, handler);
    signal(SIGUSR2, SIG_IGN);
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    CHECK_ERRNO("pause", pause(), EINTR);
    done = 1;
    pthread_join(t, NULL);
    CHECK("the SIGUSR1 handler ran", runs >= 1);
    return 0;
}
