/* The kernel's string functions (lib/string.c, built with its names
 * prefixed by k_) against the C library's, on every small length and
 * alignment, with overlap for memmove. */
#include <stdbool.h>
#include <stddef.h>
#include "check.h"

void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memmove(void *dst, const void *src, size_t n);
void *k_memset(void *dst, int c, size_t n);
int k_memcmp(const void *a, const void *b, size_t n);
size_t k_strlen(const char *s);
size_t k_strnlen(const char *s, size_t max);
int k_strcmp(const char *a, const char *b);
int k_strncmp(const char *a, const char *b, size_t n);
char *k_strchr(const char *s, int c);
char *k_strrchr(const char *s, int c);

#define N 80

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 31 + i * 7 + (i >> 3));
}

static void test_mem(void)
{
    unsigned char a[N + 32], b[N + 32], want[N + 32];
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= N; n++) {
            fill(a, sizeof(a), n);
            fill(b, sizeof(b), n + 1);
            memcpy(want, b, sizeof(b));
            memcpy(want + off, a + 3, n);
            CHECK(k_memcpy(b + off, a + 3, n) == b + off);
            CHECK(memcmp(b, want, sizeof(b)) == 0);

            memcpy(want, b, sizeof(b));
            memset(want + off, 0xa5 + n, n);
            CHECK(k_memset(b + off, 0x1a5 + n, n) == b + off);   /* only the low byte counts */
            CHECK(memcmp(b, want, sizeof(b)) == 0);

            /* Overlapping both ways, and not at all. */
            for (int d = -9; d <= 9; d++) {
                size_t src = 16 + off, dst = src + d;
                fill(a, sizeof(a), n + d);
                memcpy(want, a, sizeof(a));
                memmove(want + dst, want + src, n);
                CHECK(k_memmove(a + dst, a + src, n) == a + dst);
                CHECK(memcmp(a, want, sizeof(a)) == 0);
            }

            fill(a, sizeof(a), 5);
            memcpy(b, a, sizeof(a));
            CHECK_EQ(k_memcmp(a + off, b + off, n), 0);
            if (n > 0) {
                b[off + n - 1] ^= 0x80;   /* differs in the last byte, in the sign bit */
                CHECK_EQ(sign(k_memcmp(a + off, b + off, n)), sign(memcmp(a + off, b + off, n)));
                CHECK_EQ(sign(k_memcmp(b + off, a + off, n)), sign(memcmp(b + off, a + off, n)));
                CHECK_EQ(k_memcmp(a + off, b + off, n - 1), 0);
            }
        }
}

static void test_str(void)
{
    const char *strs[] = { "", "a", "b", "ab", "abc", "abd", "abcdefgh", "\xff", "\x80z", "a\xff" };
    size_t ns = sizeof(strs) / sizeof(strs[0]);
    for (size_t i = 0; i < ns; i++) {
        const char *s = strs[i];
        CHECK_EQ(k_strlen(s), strlen(s));
        for (size_t max = 0; max < 10; max++)
            CHECK_EQ(k_strnlen(s, max), strnlen(s, max));
        for (size_t j = 0; j < ns; j++) {
            CHECK_EQ(sign(k_strcmp(s, strs[j])), sign(strcmp(s, strs[j])));
            for (size_t n = 0; n < 10; n++)
                CHECK_EQ(sign(k_strncmp(s, strs[j], n)), sign(strncmp(s, strs[j], n)));
        }
        for (int c = 0; c < 256; c++) {
            CHECK(k_strchr(s, c) == strchr(s, c));
            CHECK(k_strrchr(s, c) == strrchr(s, c));
        }
        CHECK(k_strchr(s, 0x100 + 'a') == strchr(s, 'a'));   /* c is taken as a char */
    }
    const char *t = "abcabc";
    CHECK(k_strrchr(t, 'b') == t + 4);
    CHECK(k_strchr(t, 'c') == t + 2);
    CHECK(k_strchr(t, '\0') == t + 6);
    /* strnlen must not read past max: the string has no NUL within. */
    char nonul[4] = { 'x', 'y', 'z', 'w' };
    CHECK_EQ(k_strnlen(nonul, 4), 4);
}

int main(void)
{
    test_mem();
    test_str();
    check_done("test_string");
}
