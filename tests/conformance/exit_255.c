/* conf: status=255
 * _exit(255): complete lines are out already (line buffered), an unterminated
 * one is lost, atexit handlers do not run. */
#include "conf.h"

static void handler(void) { printf("atexit handler ran (must not)\n"); }

int main(void)
{
    atexit(handler);
    printf("calling _exit(255)\n");
    printf("this partial line is lost");
    _exit(255);
}
