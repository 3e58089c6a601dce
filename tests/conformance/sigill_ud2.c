/* conf: status=132
 * the ud2 instruction raises #UD: SIGILL. */
#include "conf.h"

int main(void)
{
    conf_no_core();
    printf("executing ud2\n");
    __asm__ volatile("ud2");
    printf("survived (must not)\n");
    return 0;
}
