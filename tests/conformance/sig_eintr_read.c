/* A blocking read of an empty pipe, interrupted by a signal from another
 * thread: without SA_RESTART it fails with EINTR after the handler ran;
 * with SA_RESTART the read goes on and returns the data written later. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile int runs;
static volatile int done;
static pid_t main_tid;
static int p[2];

static void handler(int sig) { runs++; (void)sig; }

/* Signals the main thread every 50 ms until it is done (the first signal
 * might come before the read sleeps). */
static void *interrupter(void *arg)
{
    (void)arg;
    while (!done) {
        conf_sleep_ms(50);
        if (!done)
            syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    }
    return NULL;
}

/* Signals once, then writes. */
static void *signal_then_write(void *arg)
{
    (void)arg;
    conf_sleep_ms(50);
    syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    conf_sleep_ms(50);
    write(p[1], "late", 4);
    return NULL;
}

int main(void)
{
    main_tid = (pid_t)syscall(SYS_gettid);
    pipe(p);
    conf_signal(SIGUSR1, handler, 0);

    char buf[16] = {0};
    pthread_t t;
    pthread_create(&t, NULL, interrupter, NULL);
    CHECK_ERRNO("read without SA_RESTART", read(p[0], buf, sizeof buf), EINTR);
    done = 1;
    pthread_join(t, NULL);
    CHECK("handler ran", runs >= 1);

    conf_signal(SIGUSR1, handler, SA_RESTART);
    runs = 0;
    pthread_create(&t, NULL, signal_then_write, NULL);
    CHECK_RET("read with SA_RESTART", read(p[0], buf, sizeof buf), 4);
    printf("data: %s, handler ran %d time(s)\n", buf, runs);
    pthread_join(t, NULL);

    /* readv and a write to a full pipe behave the same */
    conf_signal(SIGUSR1, handler, 0);
    char big[65536];
    memset(big, 'x', sizeof big);
    int fl = fcntl(p[1], F_GETFL);
    fcntl(p[1], F_SETFL, fl | O_NONBLOCK);
    while (write(p[1], big, sizeof big) > 0)
        ;
    fcntl(p[1], F_SETFL, fl);
    done = 0;
    pthread_create(&t, NULL, interrupter, NULL);
    CHECK_ERRNO("write to a full pipe without SA_RESTART", write(p[1], "y", 1), EINTR);
    done = 1;
    pthread_join(t, NULL);
    return 0;
}
