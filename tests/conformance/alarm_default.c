/* SIGALRM's default action ends the process: alarm, then pause.
 * conf: status=142 */
#include "conf.h"
#include <sys/time.h>

int main(void)
{
    conf_no_core();
    /* SIGALRM blocked until the line is out: a host or a guest that
     * stalls for 20 ms between setitimer and the write would otherwise
     * lose the line to the signal. */
    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, NULL);
    struct itimerval v = { { 0, 0 }, { 0, 20000 } };
    CHECK("setitimer 20 ms", setitimer(ITIMER_REAL, &v, NULL) == 0);
    sigprocmask(SIG_UNBLOCK, &alrm, NULL);
    pause();
    printf("still alive after pause\n");
    return 0;
}
