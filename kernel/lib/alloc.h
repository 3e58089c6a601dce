/* The kernel heap (mm/kheap.c). Host unit tests map it onto malloc. */
#pragma once
#include <stddef.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
