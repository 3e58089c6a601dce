/* conf: status=139
 * user mode cannot read kernel addresses (a higher-half kernel must not be
 * reachable from ring 3): SIGSEGV. */
#include "conf.h"

int main(void)
{
    conf_no_core();
    volatile unsigned long *k = (volatile unsigned long *)0xffffffff81000000UL;
    printf("loading from 0xffffffff81000000\n");
    printf("value: %lx (must not print)\n", *k);
    return 0;
}
