/* kvsnprintf: the integer, character, string and pointer conversions of C's
 * printf, formatted exactly as glibc does (host tests compare the two). */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "lib/printf.h"
#include "lib/string.h"

struct out {
    char *buf;
    size_t size;
    size_t len;      /* the full output's length so far */
};

struct spec {
    bool left, zero, space, plus, alt;
    int width;
    int prec;        /* -1: none */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_n(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

static void put_str(struct out *o, const char *s, size_t n)
{
    while (n-- > 0)
        put(o, *s++);
}

/* Writes s[0..n) in a field of sp->width. */
static void put_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
    int pad = sp->width > (int)n ? sp->width - (int)n : 0;
    if (!sp->left)
        put_n(o, ' ', pad);
    put_str(o, s, n);
    if (sp->left)
        put_n(o, ' ', pad);
}

/* Formats v in base 8, 10 or 16. sign is '-', '+', ' ' or 0; prefix is
 * "0x", "0X" or "". */
static void put_num(struct out *o, const struct spec *sp, uintmax_t v,
                    unsigned base, bool upper, char sign, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];    /* 64 bits in octal: 22 digits */
    int nd = 0;
    /* Precision 0 prints no digits for 0. */
    if (v != 0 || sp->prec != 0)
        do {
            tmp[sizeof(tmp) - ++nd] = digits[v % base];
            v /= base;
        } while (v != 0);

    int zeros = sp->prec > nd ? sp->prec - nd : 0;
    /* '#' with octal: the first digit is a 0. */
    if (sp->alt && base == 8 && zeros == 0 && (nd == 0 || tmp[sizeof(tmp) - nd] != '0'))
        zeros = 1;
    int plen = (int)strlen(prefix);
    int body = (sign != 0) + plen + zeros + nd;
    int pad = sp->width > body ? sp->width - body : 0;
    /* '0' pads with zeros only without '-' and without a precision. */
    if (sp->zero && !sp->left && sp->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        put_n(o, ' ', pad);
    if (sign)
        put(o, sign);
    put_str(o, prefix, plen);
    put_n(o, '0', zeros);
    put_str(o, tmp + sizeof(tmp) - nd, nd);
    if (sp->left)
        put_n(o, ' ', pad);
}

static char sign_of(const struct spec *sp, bool negative)
{
    if (negative)
        return '-';
    return sp->plus ? '+' : sp->space ? ' ' : 0;
}

/* Parses a decimal field width or precision, saturating at INT_MAX. */
static int parse_int(const char **fmt)
{
    int n = 0;
    while (**fmt >= '0' && **fmt <= '9') {
        int d = *(*fmt)++ - '0';
        n = n > (INT_MAX - d) / 10 ? INT_MAX : n * 10 + d;
    }
    return n;
}

static void parse_flags(const char **fmt, struct spec *sp)
{
    for (;; (*fmt)++) {
        switch (**fmt) {
        case '-': sp->left = true; break;
        case '0': sp->zero = true; break;
        case ' ': sp->space = true; break;
        case '+': sp->plus = true; break;
        case '#': sp->alt = true; break;
        default: return;
        }
    }
}

/* Parses width and precision, taking '*' ones from ap. */
static void parse_width_prec(const char **fmt, struct spec *sp, va_list *ap)
{
    if (**fmt == '*') {
        (*fmt)++;
        int w = va_arg(*ap, int);
        /* A negative '*' width is the '-' flag and its magnitude. */
        if (w < 0) {
            sp->left = true;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp->width = w;
    } else {
        sp->width = parse_int(fmt);
    }
    sp->prec = -1;
    if (**fmt == '.') {
        (*fmt)++;
        if (**fmt == '*') {
            (*fmt)++;
            int p = va_arg(*ap, int);
            sp->prec = p < 0 ? -1 : p;   /* negative: as if omitted */
        } else {
            sp->prec = parse_int(fmt);
        }
    }
}

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static enum length parse_length(const char **fmt)
{
    const char *f = *fmt;
    enum length len = LEN_INT;
    switch (*f) {
    case 'h': len = f[1] == 'h' ? LEN_HH : LEN_H; break;
    case 'l': len = f[1] == 'l' ? LEN_LL : LEN_L; break;
    case 'z': len = LEN_Z; break;
    case 't': len = LEN_T; break;
    case 'j': len = LEN_J; break;
    default: return len;
    }
    *fmt += len == LEN_HH || len == LEN_LL ? 2 : 1;
    return len;
}

static intmax_t arg_signed(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H: return (short)va_arg(*ap, int);
    case LEN_L: return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z: return va_arg(*ap, long);   /* ssize_t */
    case LEN_T: return va_arg(*ap, ptrdiff_t);
    case LEN_J: return va_arg(*ap, intmax_t);
    default: return va_arg(*ap, int);
    }
}

static uintmax_t arg_unsigned(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L: return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z: return va_arg(*ap, size_t);
    case LEN_T: return va_arg(*ap, unsigned long);   /* unsigned ptrdiff_t */
    case LEN_J: return va_arg(*ap, uintmax_t);
    default: return va_arg(*ap, unsigned);
    }
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
    /* glibc prints a NULL string as "(null)" when the precision lets it whole. */
    if (!s)
        s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
    put_field(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, sp->prec));
}

static void put_pointer(struct out *o, const struct spec *sp, const void *p)
{
    if (!p) {
        put_field(o, sp, "(nil)", 5);
        return;
    }
    put_num(o, sp, (uintptr_t)p, 16, false, sign_of(sp, false), "0x");
}

/* Formats one conversion; *fmt points just past the '%'. */
static void convert(struct out *o, const char **fmt, va_list *ap)
{
    struct spec sp = {0};
    parse_flags(fmt, &sp);
    parse_width_prec(fmt, &sp, ap);
    enum length len = parse_length(fmt);
    char c = *(*fmt)++;
    switch (c) {
    case 'd':
    case 'i': {
        intmax_t v = arg_signed(ap, len);
        /* The magnitude of INTMAX_MIN only fits unsigned. */
        uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
        put_num(o, &sp, mag, 10, false, sign_of(&sp, v < 0), "");
        break;
    }
    case 'u':
        put_num(o, &sp, arg_unsigned(ap, len), 10, false, 0, "");
        break;
    case 'o':
        put_num(o, &sp, arg_unsigned(ap, len), 8, false, 0, "");
        break;
    case 'x':
    case 'X': {
        uintmax_t v = arg_unsigned(ap, len);
        const char *prefix = sp.alt && v != 0 ? (c == 'x' ? "0x" : "0X") : "";
        put_num(o, &sp, v, 16, c == 'X', 0, prefix);
        break;
    }
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        put_field(o, &sp, &ch, 1);
        break;
    }
    case 's':
        put_string(o, &sp, va_arg(*ap, const char *));
        break;
    case 'p':
        put_pointer(o, &sp, va_arg(*ap, const void *));
        break;
    case '%':
        put(o, '%');
        break;
    case '\0':   /* a lone '%' ends the format */
        (*fmt)--;
        break;
    default:     /* unknown: shown as written, for the reader to spot */
        put(o, '%');
        put(o, c);
        break;
    }
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size };
    va_list aq;
    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%')
            put(&o, *fmt++);
        else {
            fmt++;
            convert(&o, &fmt, &aq);
        }
    }
    va_end(aq);
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
