/* kvsnprintf against the host's vsnprintf (glibc): every combination of
 * flags, width, precision and length with many values, then truncation at
 * several buffer sizes, each into an exactly-sized buffer. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "lib/printf.h"

/* Formats with both and compares; on full output and, when trunc, on every
 * interesting buffer size. */
static void cmp(bool trunc, const char *fmt, ...)
{
    char want[1024], got[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(want, sizeof(want), fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    int k = kvsnprintf(got, sizeof(got), fmt, ap);
    va_end(ap);
    size_t shown = (size_t)n < sizeof(want) ? (size_t)n : sizeof(want) - 1;
    bool ok = CHECK_EQ(k, n) && CHECK(memcmp(got, want, shown + 1) == 0);
    if (!ok) {
        fprintf(stderr, "  format \"%s\": want \"%s\", got \"%s\"\n", fmt, want, got);
        CHECK_BAIL();
        return;
    }
    if (!trunc)
        return;
    size_t sizes[] = { 0, 1, 2, n / 2, n, n + 1 };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t size = sizes[i];
        if (size > sizeof(want))
            continue;
        char *buf = size ? malloc(size) : NULL;
        va_start(ap, fmt);
        k = kvsnprintf(buf, size, fmt, ap);
        va_end(ap);
        CHECK_EQ(k, n);
        if (size) {
            size_t end = size - 1 < shown ? size - 1 : shown;
            ok = CHECK(memcmp(buf, want, end) == 0 && buf[end] == '\0');
            if (!ok)
                fprintf(stderr, "  format \"%s\" in %zu bytes\n", fmt, size);
        }
        free(buf);
    }
}

static const uint64_t values[] = {
    0, 1, 7, 8, 42, 127, 128, 255, 256, 4095, 32767, 32768, 65535, 65536,
    123456789, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x123456789abcdef,
    0x7fffffffffffffff, 0x8000000000000000, 0xfffffffffffffffe, 0xffffffffffffffff,
    (uint64_t)-1, (uint64_t)-42, (uint64_t)-128, (uint64_t)-129, (uint64_t)-32768,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
static const char *const widths[] = { "", "1", "5", "23", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".22", ".*" };

/* One integer conversion with each value, passed as the length says. */
static void cmp_ints(const char *fmt, int len, bool star_w, bool star_p, bool trunc)
{
    static const int stars[] = { -7, 0, 3, 12 };
    for (size_t i = 0; i < NVALUES; i++) {
        uint64_t v = values[i];
        int sw = stars[i % 4], sp = stars[(i / 4) % 4];
        bool wide = len >= 3;   /* l ll z t j: 64 bits */
        if (star_w && star_p)
            wide ? cmp(trunc, fmt, sw, sp, (long long)v) : cmp(trunc, fmt, sw, sp, (int)v);
        else if (star_w || star_p)
            wide ? cmp(trunc, fmt, star_w ? sw : sp, (long long)v)
                 : cmp(trunc, fmt, star_w ? sw : sp, (int)v);
        else
            wide ? cmp(trunc, fmt, (long long)v) : cmp(trunc, fmt, (int)v);
    }
}

static void test_integers(void)
{
    const char convs[] = "diuxXo";
    long n = 0;
    for (int flags = 0; flags < 32; flags++) {
        char fl[6];
        int f = 0;
        for (int b = 0; b < 5; b++)
            if (flags & 1 << b)
                fl[f++] = "-0 +#"[b];
        fl[f] = '\0';
        for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
            for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++)
                for (int l = 0; l < 8; l++)
                    for (const char *c = convs; *c; c++) {
                        char fmt[32];
                        snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", fl, widths[w],
                                 precs[p], lengths[l], *c);
                        cmp_ints(fmt, l, widths[w][0] == '*', strchr(precs[p], '*') != NULL,
                                 n++ % 16 == 0);
                    }
    }
}

static void test_chars_strings(void)
{
    static const char *const strs[] = { "", "a", "hello", "a somewhat longer string, 40 chars long", NULL };
    const char *fl[] = { "", "-", "0", "-0", " +#" };
    for (size_t f = 0; f < sizeof(fl) / sizeof(fl[0]); f++)
        for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
            for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
                char fmt[32];
                bool sw = widths[w][0] == '*', sp = strchr(precs[p], '*') != NULL;
                snprintf(fmt, sizeof(fmt), "<%%%s%s%ss>", fl[f], widths[w], precs[p]);
                for (size_t s = 0; s < sizeof(strs) / sizeof(strs[0]); s++)
                    for (int star = -8; star <= 8; star += 4) {
                        if (sw && sp)
                            cmp(true, fmt, star, -star, strs[s]);
                        else if (sw || sp)
                            cmp(true, fmt, star, strs[s]);
                        else if (star == -8)
                            cmp(true, fmt, strs[s]);
                    }
                if (precs[p][0])   /* precision means nothing to %c */
                    continue;
                snprintf(fmt, sizeof(fmt), "<%%%s%sc>", fl[f], widths[w]);
                for (int ch = 0; ch < 256; ch += 17)
                    sw ? cmp(true, fmt, ch % 11 - 5, ch) : cmp(true, fmt, ch);
            }
}

static void test_pointers(void)
{
    int local;
    void *ptrs[] = { NULL, (void *)1, (void *)0x1234, &local, (void *)UINTPTR_MAX,
                     (void *)0xffff800000000000 };
    const char *fl[] = { "", "-", "0", "+", " ", "#", "-+" };
    const char *w[] = { "", "1", "8", "24" };
    const char *p[] = { "", ".0", ".8", ".20" };
    for (size_t f = 0; f < sizeof(fl) / sizeof(fl[0]); f++)
        for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
            for (size_t j = 0; j < sizeof(p) / sizeof(p[0]); j++) {
                char fmt[32];
                snprintf(fmt, sizeof(fmt), "(%%%s%s%sp)", fl[f], w[i], p[j]);
                for (size_t k = 0; k < sizeof(ptrs) / sizeof(ptrs[0]); k++) {
                    /* glibc ignores the precision of "(nil)"; so do we. */
                    cmp(true, fmt, ptrs[k]);
                }
            }
}

/* kvsnprintf without the format checking of ksnprintf, for bad formats. */
static int kvsnprintf_wrap(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void test_misc(void)
{
    cmp(true, "");
    cmp(true, "plain text");
    cmp(true, "100%%");
    cmp(true, "%%%d%%", 5);
    cmp(true, "a%sb%dc%xd%pe%cf%ug", "str", -3, 0xbeefu, (void *)0x10, 'Z', 7u);
    cmp(true, "%5000d|", 1);   /* longer than the comparison buffer */
    cmp(true, "%.4096d", 1);
    cmp(true, "%*d|%-*d", -20, 1, -20, 2);
    cmp(true, "%.*d", INT_MIN, 1);
    cmp(true, "%lld %lld", LLONG_MIN, LLONG_MAX);
    cmp(true, "%jd %ju %zd %zu %td", INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-1, SIZE_MAX,
        PTRDIFF_MIN);
    cmp(true, "%hhd %hhu %hd %hu", 200, 300, 40000, 70000);
    cmp(true, "%i|%-+5i|% 05i|%+.3i", -1, 2, -3, 4);
    cmp(true, "%#o %#.0o %#.5o %#x %#X %#.0x", 0, 0, 8, 0, 255, 0);

    /* NULL buffer with size 0: only the length. */
    CHECK_EQ(ksnprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);
    char buf[4] = "xyz";
    CHECK_EQ(ksnprintf(buf, 0, "%d", 1), 1);
    CHECK_STR(buf, "xyz");
    CHECK_EQ(ksnprintf(buf, sizeof(buf), "%s", "abcdef"), 6);
    CHECK_STR(buf, "abc");
    /* Unknown conversions are shown as written; a lone '%' ends. */
    char out[32];
    CHECK_EQ(kvsnprintf_wrap(out, sizeof(out), "a%qb"), 4);
    CHECK_STR(out, "a%qb");
    CHECK_EQ(kvsnprintf_wrap(out, sizeof(out), "ab%"), 2);
    CHECK_STR(out, "ab");
}

int main(void)
{
    test_integers();
    test_chars_strings();
    test_pointers();
    test_misc();
    check_done("test_printf");
}
