/* conf: status=139
 * unbounded recursion runs into RLIMIT_STACK (lowered to 1 MiB): SIGSEGV. */
#include "conf.h"
#include <sys/resource.h>

static volatile long depth;
static volatile int stop;

static long recurse(volatile char *prev)
{
    volatile char buf[1024];
    buf[0] = prev ? prev[0] : 1;
    depth++;
    if (stop)
        return buf[0];
    return recurse(buf) + buf[1023];
}

int main(void)
{
    conf_no_core();
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 1 << 20;
    CHECK_RET("setrlimit RLIMIT_STACK 1 MiB", setrlimit(RLIMIT_STACK, &rl), 0);
    printf("recursing without end\n");
    recurse(NULL);
    printf("survived (must not)\n");
    return 0;
}
