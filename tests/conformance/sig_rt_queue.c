/* Real-time signals queue: three SIGRTMIN+1 raised while blocked are
 * delivered three times, each with its own si_value when sent with
 * sigqueue (si_code SI_QUEUE); standard signals collapse into one. Pending
 * real-time signals are delivered lowest number first, each signal's
 * instances in the order they were sent; sigtimedwait takes them one at a
 * time; making the signal ignored drops every queued instance. */
#include "conf.h"
#include "sig_log.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>


static sem_t ready, go;
static pid_t child_tid;
static int child_pending;

/* Blocks SIGRTMIN+1, lets main queue instances to it, exits with them. */
static void *child(void *arg)
{
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    child_tid = gettid();
    sem_post(&ready);
    while (sem_wait(&go) != 0)
        ;
    sigset_t pend;
    sigpending(&pend);
    child_pending = sigismember(&pend, SIGRTMIN + 1);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = sig_log_handler;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);           /* handlers run one after the other */
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigaddset(&set, SIGRTMIN + 2);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGRTMIN + 2);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN + 1);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("raised while blocked:%s\n", sig_log);

    sig_log[0] = 0;
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 1; i <= 3; i++) {
        union sigval v = {.sival_int = i * 10};
        CHECK_RET("sigqueue", sigqueue(getpid(), SIGRTMIN + 2, v), 0);
    }
    union sigval v = {.sival_int = 99};
    sigqueue(getpid(), SIGRTMIN + 1, v);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("queued while blocked:%s\n", sig_log);

    /* sigtimedwait takes one instance at a time */
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 1; i <= 3; i++) {
        union sigval w = {.sival_int = i};
        sigqueue(getpid(), SIGRTMIN + 1, w);
    }
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGRTMIN + 1);
    struct timespec zero = {0, 0};
    printf("sigtimedwait:");
    for (int i = 0; i < 4; i++) {
        siginfo_t si;
        int r = sigtimedwait(&one, &si, &zero);
        if (r < 0)
            printf(" %s", errname(errno));
        else
            printf(" %d:%s%d", r - SIGRTMIN, si.si_code == SI_QUEUE ? "q" : "?", si.si_value.sival_int);
    }
    printf("\n");

    /* SIG_IGN drops all queued instances */
    sig_log[0] = 0;
    for (int i = 1; i <= 3; i++) {
        union sigval w = {.sival_int = i};
        sigqueue(getpid(), SIGRTMIN + 2, w);
    }
    signal(SIGRTMIN + 2, SIG_IGN);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigset_t pend;
    sigpending(&pend);
    printf("after SIG_IGN: pending %d\n", sigismember(&pend, SIGRTMIN + 2));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblocking:%s\n", sig_log[0] ? sig_log : " nothing");

    /* errors */
    union sigval z = {0};
    CHECK_ERRNO("sigqueue signal 65", sigqueue(getpid(), 65, z), EINVAL);
    CHECK_ERRNO("sigqueue to a pid that does not exist", sigqueue(0x3fff0000, SIGRTMIN + 1, z), ESRCH);
    CHECK_RET("sigqueue signal 0", sigqueue(getpid(), 0, z), 0);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = SI_QUEUE;
    CHECK_SYSCALL_ERRNO("rt_tgsigqueueinfo tid 0", EINVAL, SYS_rt_tgsigqueueinfo, getpid(), 0, SIGRTMIN + 1, &si);
    CHECK_SYSCALL_ERRNO("rt_sigqueueinfo bad siginfo", EFAULT, SYS_rt_sigqueueinfo, getpid(), SIGRTMIN + 1, (void *)8);
    sig_log[0] = 0;
    si.si_code = SI_QUEUE;
    si.si_value.sival_int = 7;
    CHECK_RET("rt_tgsigqueueinfo to self", syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGRTMIN + 1, &si), 0);
    si.si_code = SI_USER;          /* a process may claim any origin towards itself */
    CHECK_RET("rt_sigqueueinfo with si_code SI_USER to self", syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN + 1, &si), 0);
    printf("handlers:%s\n", sig_log);

    /* a thread that ends with instances queued for it */
    sem_init(&ready, 0, 0);
    sem_init(&go, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, child, NULL);
    while (sem_wait(&ready) != 0)
        ;
    int sent = 0;
    for (int i = 0; i < 5; i++) {
        si.si_code = SI_QUEUE;
        si.si_value.sival_int = i;
        if (syscall(SYS_rt_tgsigqueueinfo, getpid(), child_tid, SIGRTMIN + 1, &si) == 0)
            sent++;
    }
    sem_post(&go);
    pthread_join(t, NULL);
    printf("queued %d to a thread that blocks them; it saw them pending: %d; it ended\n", sent, child_pending);
    sig_log[0] = 0;
    raise(SIGRTMIN + 1);
    printf("main unaffected:%s\n", sig_log);
    return 0;
}
