/* Test hooks of host_alloc.c. */
#pragma once

/* When set to n > 0, the n-th next kmalloc/kzalloc returns NULL. */
extern long host_alloc_fail_in;
/* Blocks allocated and not yet freed: tests check it returns to where it was. */
extern unsigned long host_alloc_live;
