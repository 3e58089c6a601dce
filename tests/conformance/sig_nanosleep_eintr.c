/* nanosleep and clock_nanosleep interrupted by a handled signal from
 * another thread fail with EINTR and report the time left, even under
 * SA_RESTART (Linux never restarts them after a handler); an absolute
 * clock_nanosleep reports no remainder. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static volatile int runs;
static volatile int done;
static pid_t main_tid;

static void handler(int sig) { runs++; (void)sig; }

static void *interrupter(void *arg)
{
    (void)arg;
    while (!done) {
        struct timespec d = {0, 50 * 1000000};
        nanosleep(&d, NULL);
        if (!done)
            syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    }
    return NULL;
}

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static void one(const char *what, int flags, int use_clock, int absolute)
{
    conf_signal(SIGUSR1, handler, flags);
    runs = 0;
    done = 0;
    pthread_t t;
    pthread_create(&t, NULL, interrupter, NULL);
    struct timespec req = {5, 0}, rem = {-1, -1}, now;
    int r, err;
    if (absolute) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        req.tv_sec += now.tv_sec;
        req.tv_nsec = now.tv_nsec;
        err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, &rem);
        r = err ? -1 : 0;
    } else if (use_clock) {
        err = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
        r = err ? -1 : 0;
    } else {
        r = nanosleep(&req, &rem);
        err = r ? errno : 0;
    }
    done = 1;
    pthread_join(t, NULL);
    printf("%s: returned %d (%s), handler ran: %s\n", what, r, errname(err), runs >= 1 ? "yes" : "no");
    if (absolute)
        printf("  remainder untouched: %s\n", rem.tv_sec == -1 && rem.tv_nsec == -1 ? "yes" : "no");
    else
        printf("  remainder between 3 s and 5 s: %s\n", ns(&rem) > 3000000000LL && ns(&rem) < 5000000000LL ? "yes" : "no");
}

int main(void)
{
    main_tid = (pid_t)syscall(SYS_gettid);
    one("nanosleep 5 s", 0, 0, 0);
    one("nanosleep 5 s, SA_RESTART", SA_RESTART, 0, 0);
    one("clock_nanosleep relative 5 s", 0, 1, 0);
    one("clock_nanosleep relative 5 s, SA_RESTART", SA_RESTART, 1, 0);
    one("clock_nanosleep absolute now+5 s", 0, 1, 1);
    return 0;
}
