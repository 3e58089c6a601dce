/* A growing text buffer: the contents of a /proc or /sys file, generated
 * when it is opened (like Linux's seq_file, without the paging). Pure:
 * unit-tested on the host. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "lib/kernel.h"

struct seqbuf {
    char *buf;             /* kmalloc'd, NUL-terminated once anything is written */
    size_t len, cap;
    bool overflow;         /* out of memory: the contents are cut short */
};

void seq_printf(struct seqbuf *s, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seqbuf *s, const char *str);
void seq_write(struct seqbuf *s, const void *data, size_t n);
/* Appends spaces until the current line holds `width` bytes. */
void seq_pad_line(struct seqbuf *s, size_t width);
void seq_free(struct seqbuf *s);
