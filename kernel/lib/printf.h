#pragma once
#include <stdarg.h>
#include <stddef.h>

/* Formats like C's vsnprintf for the subset the kernel needs:
 * %d %i %u %x %X %o %c %s %p %%, flags '-' '0' ' ' '+' '#', width and
 * precision (also '*'), length modifiers hh h l ll z t j.
 * Returns the length the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
