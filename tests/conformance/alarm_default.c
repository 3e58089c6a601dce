/* SIGALRM's default action ends the process: alarm, then pause.
 * conf: status=142 */
#include "conf.h"
#include <sys/time.h>

int main(void)
{
    conf_no_core();
    struct itimerval v = { { 0, 0 }, { 0, 20000 } };
    CHECK("setitimer 20 ms", setitimer(ITIMER_REAL, &v, NULL) == 0);
    pause();
    printf("still alive after pause\n");
    return 0;
}
