/* lwIP includes <stdlib.h> for malloc (lwipopts.h maps it to the kernel
 * heap) and atoi (interface names like "en0"). */
#pragma once
#include <stddef.h>

static inline int atoi(const char *s)
{
    int n = 0;
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    return n;
}
