/* The growing buffer of fs/seqbuf.h: doubles until the text fits. */
#include <stdarg.h>
#include "fs/seqbuf.h"
#include "lib/alloc.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Room for n more bytes and a NUL. */
static bool reserve(struct seqbuf *s, size_t n)
{
    if (s->overflow)
        return false;
    if (s->len + n + 1 <= s->cap)
        return true;
    size_t cap = s->cap ? s->cap : 256;
    while (cap < s->len + n + 1)
        cap *= 2;
    char *b = kmalloc(cap);
    if (!b) {
        s->overflow = true;
        return false;
    }
    if (s->buf)
        memcpy(b, s->buf, s->len + 1);
    kfree(s->buf);
    s->buf = b;
    s->cap = cap;
    return true;
}

void seq_write(struct seqbuf *s, const void *data, size_t n)
{
    if (!reserve(s, n))
        return;
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

void seq_puts(struct seqbuf *s, const char *str)
{
    seq_write(s, str, strlen(str));
}

void seq_printf(struct seqbuf *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(s, (size_t)n))
        return;
    va_start(ap, fmt);
    kvsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->len += (size_t)n;
}

void seq_pad_line(struct seqbuf *s, size_t width)
{
    size_t start = s->len;
    while (start > 0 && s->buf[start - 1] != '\n')
        start--;
    while (s->len - start < width && !s->overflow)
        seq_write(s, " ", 1);
}

void seq_free(struct seqbuf *s)
{
    kfree(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
}
