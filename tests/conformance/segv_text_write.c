/* conf: status=139
 * string literals live in a read-only segment of the executable: writing one
 * kills the process with SIGSEGV. */
#include "conf.h"

static const char literal[] = "read-only data";

int main(void)
{
    conf_no_core();
    volatile char *p = (volatile char *)(uintptr_t)literal;
    printf("literal: %s\n", literal);
    printf("writing to .rodata\n");
    p[0] = 'R';
    printf("survived (must not)\n");
    return 0;
}
