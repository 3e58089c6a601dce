/* The kernel heap for host tests: malloc, with a switch to make the n-th
 * next allocation fail, so tests can check that -ENOMEM changes nothing. */
#include <stdlib.h>
#include "lib/alloc.h"
#include "host_alloc.h"

long host_alloc_fail_in;   /* 0: never fail; n: the n-th next allocation fails */
unsigned long host_alloc_live;

static int should_fail(void)
{
    return host_alloc_fail_in > 0 && --host_alloc_fail_in == 0;
}

void *kmalloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = malloc(size);
    host_alloc_live += p != NULL;
    return p;
}

void *kzalloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = calloc(1, size);
    host_alloc_live += p != NULL;
    return p;
}

void kfree(void *p)
{
    host_alloc_live -= p != NULL;
    free(p);
}
