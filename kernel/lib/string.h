/* The C string functions. The kernel has its own (lib/string.c); host unit
 * tests of pure kernel code use the host's libc instead. */
#pragma once
#ifdef EGGOS_HOST_TEST
#include <string.h>
#else
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* Copies at most cap-1 bytes and a NUL (cap > 0): strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t cap);
#endif
