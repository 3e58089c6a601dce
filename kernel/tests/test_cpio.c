/* cpio_parse on archives built here: valid ones, and every way of breaking
 * them (each checked with the archive in an exactly-sized allocation, so
 * AddressSanitizer sees any read past its end). */
#include <stdint.h>
#include "check.h"
#include "fs/cpio.h"
#include "lib/errno.h"

/* An archive under construction, with where each entry ends. */
struct ar {
    char buf[8192];
    size_t len;
    size_t data_end[16];   /* end of each entry's data (before padding) */
    int n;
    size_t trailer_end;    /* end of the trailer's name */
};

static void pad4(struct ar *a)
{
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

static void add(struct ar *a, const char *magic, const char *name, uint32_t mode,
                const char *data)
{
    size_t namesize = strlen(name) + 1, filesize = strlen(data);
    a->len += sprintf(a->buf + a->len,
                      "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                      magic, a->n + 1, mode, 1000, 100, 1, 1700000000,
                      (unsigned)filesize, 8, 1, 0, 0, (unsigned)namesize, 0);
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    pad4(a);
    memcpy(a->buf + a->len, data, filesize);
    a->len += filesize;
    a->data_end[a->n++] = a->len;
    pad4(a);
}

static void add_trailer(struct ar *a)
{
    a->trailer_end = a->len + 110 + sizeof("TRAILER!!!");
    add(a, "070701", "TRAILER!!!", 0, "");
    a->n--;
}

static const struct { const char *name; uint32_t mode; const char *data; } files[] = {
    { ".", 040755, "" },
    { "bin", 040755, "" },
    { "bin/hello", 0100755, "Hello, world!\n" },
    { "link", 0120777, "bin/hello" },
    { "e", 0100644, "" },
    { "ab", 0100644, "x" },
    { "abc", 0100644, "xy" },
    { "abcd", 0100644, "xyz" },
    { "abcde", 0100644, "wxyz" },
};
#define NFILES (int)(sizeof(files) / sizeof(files[0]))

static void build(struct ar *a, const char *magic, int trailer)
{
    memset(a, 0, sizeof(*a));
    for (int i = 0; i < NFILES; i++)
        add(a, magic, files[i].name, files[i].mode, files[i].data);
    if (trailer)
        add_trailer(a);
}

/* Checks each entry against files[] and that it lies inside the archive. */
struct seen {
    const char *lo, *hi;
    int n;
    int stop_at;     /* return 7 at this entry, or -1 */
    int fuzzed;      /* entries need not be those of files[] */
};

static int check_entry(void *ctx, const struct cpio_entry *e)
{
    struct seen *s = ctx;
    CHECK(e->name >= s->lo && e->name + e->namelen < s->hi);
    CHECK(e->name[e->namelen] == '\0');
    CHECK((const char *)e->data >= s->lo && (const char *)e->data + e->size <= s->hi);
    if (!s->fuzzed && s->n < NFILES) {
        CHECK_STR(e->name, files[s->n].name);
        CHECK_EQ(e->mode, files[s->n].mode);
        CHECK_EQ(e->size, strlen(files[s->n].data));
        CHECK(memcmp(e->data, files[s->n].data, e->size) == 0);
        CHECK_EQ(e->ino, s->n + 1);
        CHECK_EQ(e->uid, 1000);
        CHECK_EQ(e->gid, 100);
        CHECK_EQ(e->nlink, 1);
        CHECK_EQ(e->mtime, 1700000000);
        CHECK_EQ(e->devmajor, 8);
        CHECK_EQ(e->devminor, 1);
        CHECK_EQ(e->rdevmajor, 0);
        CHECK_EQ(e->rdevminor, 0);
    }
    return s->n++ == s->stop_at ? 7 : 0;
}

/* Parses buf[0..len) from an exactly-sized copy; *n gets the entry count. */
static int parse_copy_(const char *buf, size_t len, int *n, int fuzzed)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, buf, len);
    struct seen s = { copy, copy + len, 0, -1, fuzzed };
    int r = cpio_parse(copy, len, check_entry, &s);
    free(copy);
    *n = s.n;
    return r;
}

static int parse_copy(const char *buf, size_t len, int *n)
{
    return parse_copy_(buf, len, n, 0);
}

static void test_valid(void)
{
    static struct ar a;
    int n;
    build(&a, "070701", 1);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), 0);
    CHECK_EQ(n, NFILES);
    /* GNU cpio pads the archive to 512 bytes after the trailer. */
    CHECK_EQ(parse_copy(a.buf, sizeof(a.buf), &n), 0);
    CHECK_EQ(n, NFILES);

    build(&a, "070702", 1);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), 0);
    CHECK_EQ(n, NFILES);

    /* Lower-case hex is hex too. */
    build(&a, "070701", 1);
    memcpy(a.buf + 6 + 8 * 1, "000041ed", 8);   /* mode of "." = 040755 */
    CHECK_EQ(parse_copy(a.buf, a.len, &n), 0);
    CHECK_EQ(n, NFILES);

    /* Only the trailer. */
    memset(&a, 0, sizeof(a));
    add_trailer(&a);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), 0);
    CHECK_EQ(n, 0);
}

static void test_stop(void)
{
    static struct ar a;
    build(&a, "070701", 1);
    struct seen s = { a.buf, a.buf + a.len, 0, 3, 0 };
    CHECK_EQ(cpio_parse(a.buf, a.len, check_entry, &s), 7);
    CHECK_EQ(s.n, 4);
}

/* Truncated at every byte: -EINVAL unless the whole trailer name is there,
 * and exactly the entries whose data fit are reported. */
static void test_truncated(void)
{
    static struct ar a;
    build(&a, "070701", 1);
    for (size_t len = 0; len < a.len; len++) {
        int n, want_n = 0;
        int r = parse_copy(a.buf, len, &n);
        while (want_n < a.n && a.data_end[want_n] <= len)
            want_n++;
        CHECK_EQ(r, len >= a.trailer_end ? 0 : -EINVAL);
        CHECK_EQ(n, want_n);
        CHECK_BAIL();
    }
}

static void test_bad_magic(void)
{
    static struct ar a;
    int n;
    const char *bad[] = { "070707", "070700", "070703", "170701", "07070 ", "\0" "70701" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        build(&a, "070701", 1);
        memcpy(a.buf, bad[i], 6);
        CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
        CHECK_EQ(n, 0);
    }
    /* A bad magic in the third header: two entries reported first. */
    build(&a, "070701", 1);
    size_t third = a.data_end[1];
    third += (4 - third % 4) % 4;
    a.buf[third + 5] = '7';
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    CHECK_EQ(n, 2);
}

/* Every digit of every field of the first header, made non-hex. */
static void test_non_hex(void)
{
    static struct ar a;
    const char bad[] = { 'g', 'G', ' ', 'x', '\0', '-', '/', ':', '@', '`' };
    for (int pos = 6; pos < 110; pos++)
        for (size_t b = 0; b < sizeof(bad); b++) {
            int n;
            build(&a, "070701", 1);
            a.buf[pos] = bad[b];
            CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
            CHECK_EQ(n, 0);
        }
}

static void set_field(struct ar *a, size_t hdr, int field, uint32_t v)
{
    char tmp[9];
    snprintf(tmp, sizeof(tmp), "%08X", v);
    memcpy(a->buf + hdr + 6 + 8 * field, tmp, 8);
}

#define FILESIZE 6
#define NAMESIZE 11

static int check_padded(void *ctx, const struct cpio_entry *e)
{
    const char *base = ctx;
    CHECK_STR(e->name, "big");
    CHECK_EQ(e->namelen, 3);
    CHECK_EQ((size_t)((const char *)e->data - base) % 4096, 0);
    CHECK(e->size == 5 && memcmp(e->data, "data!", 5) == 0);
    return 0;
}

/* egg pads a name with NULs so that the file's data starts on a page:
 * the name is what comes before the first NUL. */
static void test_padded_name(void)
{
    static char buf[3 * 4096];
    size_t namesize = 4096 - 110;
    int len = sprintf(buf, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                      1, 0100644, 0, 0, 1, 0, 5, 0, 0, 0, 0, (unsigned)namesize, 0);
    memcpy(buf + len, "big", 3);              /* the rest of the name field stays NUL */
    memcpy(buf + 4096, "data!", 5);
    len = 4096 + 8;
    len += sprintf(buf + len, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                   0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0);
    memcpy(buf + len, "TRAILER!!!", 11);
    len += 11;
    CHECK_EQ(cpio_parse(buf, (size_t)len, check_padded, buf), 0);
}

static void test_bad_sizes(void)
{
    static struct ar a;
    int n;
    /* Name without its NUL: the terminator overwritten, or namesize one short. */
    build(&a, "070701", 1);
    a.buf[110 + 1] = 'x';   /* "." then NUL */
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    build(&a, "070701", 1);
    set_field(&a, 0, NAMESIZE, 1);   /* "." without NUL */
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    /* A NUL inside the name. */
    build(&a, "070701", 1);
    size_t third = (a.data_end[1] + 3) & ~(size_t)3;
    a.buf[third + 110 + 1] = '\0';   /* "b\0n/hello" */
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    CHECK_EQ(n, 2);

    uint32_t huge[] = { 0xffffffff, 0x80000000, 0x7fffffff, 0xfffffff0, 8192 };
    for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
        build(&a, "070701", 1);
        set_field(&a, 0, NAMESIZE, huge[i]);
        CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
        CHECK_EQ(n, 0);
        build(&a, "070701", 1);
        set_field(&a, third, FILESIZE, huge[i]);
        CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
        CHECK_EQ(n, 2);
    }
    build(&a, "070701", 1);
    set_field(&a, 0, NAMESIZE, 0);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);

    /* The data of the last entry running into the end. */
    build(&a, "070701", 0);
    set_field(&a, third, FILESIZE, a.len - third - 110 + 1);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    CHECK_EQ(n, 2);
}

static void test_no_trailer(void)
{
    static struct ar a;
    int n;
    build(&a, "070701", 0);
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    CHECK_EQ(n, NFILES);
    /* Zeros where the trailer should be. */
    CHECK_EQ(parse_copy(a.buf, a.len + 512, &n), -EINVAL);
    CHECK_EQ(n, NFILES);
    CHECK_EQ(parse_copy(a.buf, 0, &n), -EINVAL);
    /* "TRAILER!!" is not the trailer. */
    build(&a, "070701", 0);
    add(&a, "070701", "TRAILER!!", 0, "");
    CHECK_EQ(parse_copy(a.buf, a.len, &n), -EINVAL);
    CHECK_EQ(n, NFILES + 1);
}

/* Random byte changes: never a read out of bounds, and entries stay inside. */
static void test_fuzz(void)
{
    static struct ar a, m;
    int ok = 0;
    build(&a, "070701", 1);
    srand(1);
    for (int i = 0; i < 20000; i++) {
        int n;
        m = a;
        for (int k = rand() % 4; k >= 0; k--) {
            size_t pos = rand() % a.len;
            m.buf[pos] = rand() % 3 ? "0123456789abcdefF"[rand() % 17] : rand();
        }
        int r = parse_copy_(m.buf, m.len, &n, 1);
        CHECK(r == 0 || r == -EINVAL);
        ok += r == 0;
    }
    CHECK(ok > 0);
}

int main(void)
{
    test_valid();
    test_stop();
    test_truncated();
    test_padded_name();
    test_bad_magic();
    test_non_hex();
    test_bad_sizes();
    test_no_trailer();
    test_fuzz();
    check_done("test_cpio");
}
