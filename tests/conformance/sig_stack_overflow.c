/* Stack overflow caught: a thread with a 256 KiB stack recurses until it
 * hits the guard page below; the SIGSEGV handler runs on the alternate
 * stack (there is no room left on the normal one) and siglongjmps out. The
 * thread then overflows a second time (siglongjmp restored the mask). The
 * guard page is a PROT_NONE mapping: SEGV_ACCERR. The main thread does the
 * same on its own stack, which cannot grow further: SEGV_MAPERR. */
#include "conf.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/resource.h>

static __thread sigjmp_buf jump;
static volatile long limit = 1L << 40;   /* never reached: keeps gcc from calling it infinite */
static __thread char *alt;
static __thread volatile int handler_on_alt, segv_code;
static __thread volatile long deepest;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    volatile char here;
    handler_on_alt = (char *)&here >= alt && (char *)&here < alt + 64 * 1024;
    segv_code = si->si_code;
    (void)sig;
    (void)uc;
    siglongjmp(jump, 1);
}

static long recurse(long n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    deepest = n;
    if (n < limit)
        return recurse(n + 1) + pad[0];
    return pad[0];
}

/* The thread's lines wait here until main prints them. */
static char report[1024];

#define say(...) snprintf(report + strlen(report), sizeof report - strlen(report), __VA_ARGS__)

static void overflow_twice(const char *who, long min_depth)
{
    alt = malloc(64 * 1024);
    stack_t ss = {.ss_sp = alt, .ss_size = 64 * 1024, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    for (int round = 1; round <= 2; round++) {
        handler_on_alt = 0;
        deepest = 0;
        if (sigsetjmp(jump, 1) == 0) {
            recurse(0);
            say("%s: recursion returned (must not happen)\n", who);
        } else {
            say("%s: overflow %d caught: %s, handler on the alternate stack %s, depth > %ld %s\n", who,
                   round, segv_code == SEGV_MAPERR ? "SEGV_MAPERR" : segv_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
                   handler_on_alt ? "yes" : "no", min_depth, deepest > min_depth ? "yes" : "no");
        }
        sigset_t cur;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        say("%s:   SIGSEGV blocked after siglongjmp: %s\n", who, sigismember(&cur, SIGSEGV) ? "yes" : "no");
    }
}

static void *thread_fn(void *arg)
{
    (void)arg;
    overflow_twice("thread", 200);     /* 256 KiB / ~600 bytes a frame */
    return NULL;
}

int main(void)
{
    conf_sigaction(SIGSEGV, on_segv, SA_ONSTACK);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t t;
    pthread_create(&t, &attr, thread_fn, NULL);
    pthread_join(t, NULL);

    struct rlimit rl = {1 << 20, 1 << 20};
    setrlimit(RLIMIT_STACK, &rl);
    overflow_twice("main", 1000);
    fputs(report, stdout);
    return 0;
}
