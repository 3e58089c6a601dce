/* Which thread runs a handler: tgkill and pthread_kill run it on the
 * target thread (gettid inside the handler), also when the target is the
 * main thread; kill() goes to a thread that does not block the signal; a
 * thread-directed signal blocked by its target stays pending there only,
 * a process-directed one blocked everywhere is pending for every thread,
 * and the first thread to unblock it takes it. */
#include "conf.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>

static volatile pid_t ran_on;
static volatile int runs;
static pid_t main_tid, worker_tid;
static sem_t to_worker, to_main;
static int command;
static int worker_saw_pending, worker_saw_shared;

static void handler(int sig)
{
    ran_on = (pid_t)syscall(SYS_gettid);
    runs++;
    (void)sig;
}

static int pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

static void wait_sem(sem_t *s)
{
    while (sem_wait(s) != 0)
        ;
}

static void *worker(void *arg)
{
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sem_post(&to_main);
    for (;;) {
        wait_sem(&to_worker);          /* signals arrive while we sleep here */
        switch (command) {
        case 1:
            syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
            break;
        case 2:
            sigprocmask(SIG_BLOCK, &usr1, NULL);
            break;
        case 3:
            worker_saw_pending = pending(SIGUSR1);
            sigprocmask(SIG_UNBLOCK, &usr1, NULL);
            break;
        case 4:
            worker_saw_shared = pending(SIGUSR1);
            break;
        case 5:
            sigprocmask(SIG_UNBLOCK, &usr1, NULL);
            break;
        case 9:
            return NULL;
        }
        sem_post(&to_main);
    }
}

static void ask(int c)
{
    command = c;
    sem_post(&to_worker);
    wait_sem(&to_main);
}

static void report(const char *what)
{
    printf("%s: ran %d time(s), on %s\n", what, runs,
           runs == 0 ? "-" : ran_on == main_tid ? "main" : ran_on == worker_tid ? "worker" : "other");
    runs = 0;
    ran_on = 0;
}

static void settle(void)
{
    struct timespec d = {0, 30 * 1000000};
    nanosleep(&d, NULL);
}

/* For a signal sent to the other thread: waits (up to 10 s) until the
 * handler ran. */
static void await_run(void)
{
    for (int i = 0; i < 1000 && !runs; i++)
        settle();
}

int main(void)
{
    conf_signal(SIGUSR1, handler, SA_RESTART);
    main_tid = (pid_t)syscall(SYS_gettid);
    sem_init(&to_worker, 0, 0);
    sem_init(&to_main, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    wait_sem(&to_main);
    settle();                          /* the worker sleeps in sem_wait */

    syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1);
    await_run();
    report("tgkill to the sleeping worker");
    pthread_kill(t, SIGUSR1);
    await_run();
    report("pthread_kill to the worker");
    ask(1);
    report("the worker tgkills main");
    raise(SIGUSR1);
    report("raise in main");

    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    kill(getpid(), SIGUSR1);
    await_run();
    report("kill() while main blocks it");

    ask(2);                            /* the worker blocks it too */
    syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1);
    settle();
    report("tgkill to the worker that blocks it");
    CHECK("  main does not see it pending", !pending(SIGUSR1));
    ask(3);                            /* the worker looks, then unblocks */
    CHECK("  the worker saw it pending", worker_saw_pending);
    report("  the worker unblocked it");

    ask(2);
    kill(getpid(), SIGUSR1);           /* blocked by both */
    settle();
    report("kill() while both block it");
    CHECK("  pending for main", pending(SIGUSR1));
    ask(4);
    CHECK("  pending for the worker", worker_saw_shared);
    ask(5);                            /* the worker unblocks first */
    report("  the worker unblocked it");
    CHECK("  no longer pending for main", !pending(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    report("  main unblocked it");

    command = 9;
    sem_post(&to_worker);
    pthread_join(t, NULL);
    return 0;
}
