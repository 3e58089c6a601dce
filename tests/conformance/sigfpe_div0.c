/* conf: status=136
 * integer division by zero raises #DE: SIGFPE. */
#include "conf.h"

int main(void)
{
    conf_no_core();
    volatile int a = 42, b = 0;
    printf("42 / 1 = %d\n", a / (b + 1));
    printf("dividing by zero\n");
    printf("result: %d (must not print)\n", a / b);
    return 0;
}
