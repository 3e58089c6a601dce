/* conf: status=7
 * returning 7 from main is exit(7). */
#include "conf.h"

static void handler(void) { printf("atexit handler after main returned\n"); }

int main(void)
{
    atexit(handler);
    printf("returning 7 from main\n");
    return 7;
}
