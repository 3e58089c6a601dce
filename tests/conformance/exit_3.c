/* conf: status=3
 * exit(3): atexit handlers run (last registered first), stdio is flushed. */
#include "conf.h"

static void first(void) { printf("atexit handler registered first\n"); }
static void second(void) { printf("atexit handler registered second\n"); }

int main(void)
{
    atexit(first);
    atexit(second);
    printf("calling exit(3)\n");
    printf("unterminated line flushed by exit");
    exit(3);
}
