/* conf: status=42
 * the raw exit_group system call: no atexit handlers, no stdio flush. */
#include "conf.h"

static void handler(void) { printf("atexit handler ran (must not)\n"); }

int main(void)
{
    atexit(handler);
    printf("calling exit_group(42)\n");
    printf("partial line that is never flushed");
    syscall(SYS_exit_group, 42);
    printf("still running after exit_group\n");
    return 1;
}
