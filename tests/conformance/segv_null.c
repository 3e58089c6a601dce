/* conf: status=139
 * a NULL pointer load kills the process with SIGSEGV. */
#include "conf.h"

int main(void)
{
    conf_no_core();
    volatile int *p = (volatile int *)(uintptr_t)(getpid() < 0);
    printf("loading from NULL\n");
    printf("value: %d (must not print)\n", *p);
    return 0;
}
