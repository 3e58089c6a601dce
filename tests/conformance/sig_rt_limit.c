/* RLIMIT_SIGPENDING caps the pending signals that carry their siginfo:
 * with a soft limit of 8 (set first, so the test is short), sigqueue of
 * SIGRTMIN+1 while blocked succeeds until the count in /proc/self/status
 * (SigQ) reaches 8, then fails with EAGAIN, as do rt_sigqueueinfo and
 * tgkill (SI_TKILL) of another real-time signal; kill (SI_USER) still
 * succeeds, the signal pending once without its siginfo. Unblocked, the
 * instances arrive in the order sent. A pending standard signal holds an
 * entry too. Lowering the limit below the count fails new ones only.
 *
 * On Linux the count is per user: other processes of the same user may
 * hold entries, so the program prints no count, only that SigQ equals the
 * limit at EAGAIN (trying again when another process's signal came or
 * went in between). */
#include "conf.h"
#include "sig_log.h"
#include <signal.h>
#include <sys/resource.h>

#define LIMIT 8


/* SigQ of /proc/self/status: pending entries / limit. */
static void sigq(unsigned long *count, unsigned long *limit)
{
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    *count = *limit = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "SigQ: %lu/%lu", count, limit) == 2)
            break;
    if (f)
        fclose(f);
}

/* Queues SIGRTMIN+1 with values from 0 until it fails: how many went. */
static int fill(int *err)
{
    int n = 0;
    while (n < 4 * LIMIT && sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = n }) == 0)
        n++;
    *err = errno;
    return n;
}

static sigset_t blocked;

/* Delivers everything pending: the handler's log. */
static const char *drain(void)
{
    sig_log[0] = 0;
    sigprocmask(SIG_UNBLOCK, &blocked, NULL);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
    return sig_log;
}

/* " 1:q0 ... 1:q<n-1>", between before and after. */
static const char *expected(const char *before, int n, const char *after)
{
    static char e[1024];
    strcpy(e, before);
    for (int i = 0; i < n; i++)
        snprintf(e + strlen(e), sizeof e - strlen(e), " 1:q%d", i);
    strcat(e, after);
    return e;
}

/* Fills the queue (after pre, which makes other signals pending) and
 * checks what is refused at the limit, until SigQ shows the limit. */
static void at_limit(const char *what, void (*pre)(void), const char *before)
{
    for (int attempt = 1;; attempt++) {
        if (pre)
            pre();
        int err, n = fill(&err);
        siginfo_t si;
        memset(&si, 0, sizeof si);
        si.si_code = SI_QUEUE;
        si.si_pid = getpid();
        long qi = syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN + 2, &si);
        int qi_err = errno;
        long tk = syscall(SYS_tgkill, getpid(), gettid(), SIGRTMIN + 2);
        int tk_err = errno;
        int k1 = kill(getpid(), SIGRTMIN + 3), k2 = kill(getpid(), SIGRTMIN + 3);
        unsigned long count, limit;
        sigq(&count, &limit);
        sigset_t pend;
        sigpending(&pend);
        int p2 = sigismember(&pend, SIGRTMIN + 2), p3 = sigismember(&pend, SIGRTMIN + 3);
        const char *want = expected(before, n, " 3:user");
        const char *got = drain();
        if (count != limit && attempt < 20)
            continue;
        printf("%s:\n", what);
        printf("  sigqueue until %s, SigQ then at the limit: %s\n", errname(err),
               count == limit ? "yes" : "no");
        printf("  rt_sigqueueinfo: %s, tgkill: %s\n", qi == -1 ? errname(qi_err) : "sent",
               tk == -1 ? errname(tk_err) : "sent");
        printf("  kill twice: %d %d, pending: +2 %d, +3 %d\n", k1, k2, p2, p3);
        printf("  delivered in the order sent: %s\n", strcmp(got, want) == 0 ? "yes" : got);
        return;
    }
}

static void usr1_twice(void)
{
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
}

int main(void)
{
    struct rlimit rl, got;
    getrlimit(RLIMIT_SIGPENDING, &rl);
    CHECK("default soft limit is above 8", rl.rlim_cur > LIMIT);
    rl.rlim_cur = LIMIT;
    CHECK("setrlimit soft 8", setrlimit(RLIMIT_SIGPENDING, &rl) == 0);
    getrlimit(RLIMIT_SIGPENDING, &got);
    printf("getrlimit soft: %lu, hard unchanged: %s\n", (unsigned long)got.rlim_cur,
           got.rlim_max == rl.rlim_max ? "yes" : "no");
    CHECK("prlimit reads the same",
          prlimit(0, RLIMIT_SIGPENDING, NULL, &got) == 0 && got.rlim_cur == LIMIT);
    unsigned long count, limit;
    sigq(&count, &limit);
    printf("SigQ limit: %lu\n", limit);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = sig_log_handler;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    sigemptyset(&blocked);
    for (int off = 1; off <= 3; off++) {
        sigaction(SIGRTMIN + off, &sa, NULL);
        sigaddset(&blocked, SIGRTMIN + off);
    }
    sigaction(SIGUSR1, &sa, NULL);
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, NULL);

    at_limit("real-time signals only", NULL, "");
    at_limit("again, once all were taken", NULL, "");
    at_limit("with SIGUSR1 pending (sent twice)", usr1_twice, " 10:user");

    /* 4 queued (4 <= 8 whatever others hold), then a limit of 2 */
    int n = 0;
    while (n < 4 && sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = n }) == 0)
        n++;
    printf("queued with the limit 8: %d\n", n);
    rl.rlim_cur = 2;
    setrlimit(RLIMIT_SIGPENDING, &rl);
    CHECK_ERRNO("sigqueue after lowering the limit to 2",
                sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 9 }), EAGAIN);
    printf("delivered:%s\n", drain());
    return 0;
}
