/* sigsuspend: with SIGUSR1 blocked and already pending, sigsuspend with a
 * mask that lets it through runs the handler (under the temporary mask plus
 * the signal) and fails with EINTR; the old mask is back afterwards. With
 * nothing pending it sleeps until another thread's signal arrives; signals
 * its mask blocks stay pending and do not wake it. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile int usr1_runs, usr2_runs;
static sigset_t mask_in_handler;
static pid_t main_tid;

static void on_usr1(int sig)
{
    usr1_runs++;
    sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
    (void)sig;
}

static void on_usr2(int sig) { usr2_runs++; (void)sig; }

static void *sender(void *arg)
{
    (void)arg;
    conf_sleep_ms(50);
    syscall(SYS_tgkill, getpid(), main_tid, SIGUSR2);   /* blocked during the suspend */
    conf_sleep_ms(50);
    syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    return NULL;
}

int main(void)
{
    main_tid = (pid_t)syscall(SYS_gettid);
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    sigset_t block, susp, cur;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, NULL);

    raise(SIGUSR1);
    printf("pending before: handler ran %d time(s)\n", usr1_runs);
    sigemptyset(&susp);
    sigaddset(&susp, SIGTERM);
    CHECK_ERRNO("sigsuspend with SIGUSR1 pending", sigsuspend(&susp), EINTR);
    printf("handler ran %d time(s)\n", usr1_runs);
    conf_print_sigset("mask inside the handler", &mask_in_handler);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    conf_print_sigset("mask after sigsuspend", &cur);

    /* nothing pending: sleep until the other thread's SIGUSR1 */
    sigaddset(&susp, SIGUSR2);
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    CHECK_ERRNO("sigsuspend until another thread signals", sigsuspend(&susp), EINTR);
    printf("SIGUSR1 ran %d time(s), SIGUSR2 %d time(s)\n", usr1_runs, usr2_runs);
    pthread_join(t, NULL);
    printf("SIGUSR2 ran %d time(s) now (was blocked only during the suspend)\n", usr2_runs);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    conf_print_sigset("mask at the end", &cur);
    CHECK_SYSCALL_ERRNO("rt_sigsuspend sigsetsize 4", EINVAL, SYS_rt_sigsuspend, &susp, 4);
    CHECK_SYSCALL_ERRNO("rt_sigsuspend bad mask", EFAULT, SYS_rt_sigsuspend, (void *)8, 8);
    return 0;
}
