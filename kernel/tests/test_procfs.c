/* The text of /proc files: maps lines re-formatted from the fields of the
 * host's own /proc/self/maps must come out byte for byte the same; the
 * growing buffer keeps everything and reports running out of memory. */
#define _GNU_SOURCE
#include <stdbool.h>
#include "check.h"
#include "fs/procfmt.h"
#include "fs/seqbuf.h"
#include "host_alloc.h"

/* Parses one maps line (without '\n') the way a reader would. */
static bool parse_maps(const char *line, uint64_t *s, uint64_t *e, uint32_t *prot, bool *shared,
                       uint64_t *off, uint64_t *maj, uint64_t *min, uint64_t *ino, const char **name)
{
    char perms[5];
    int used = 0;
    unsigned long a, b, o, mj, mn, in;
    if (sscanf(line, "%lx-%lx %4s %lx %lx:%lx %lu %n", &a, &b, perms, &o, &mj, &mn, &in, &used) < 7)
        return false;
    *s = a, *e = b, *off = o, *maj = mj, *min = mn, *ino = in;
    *prot = (perms[0] == 'r' ? 1 : 0) | (perms[1] == 'w' ? 2 : 0) | (perms[2] == 'x' ? 4 : 0);
    *shared = perms[3] == 's';
    *name = line + used;
    return true;
}

static void test_maps_against_host(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!CHECK(f != NULL))
        return;
    char line[4096], out[4096];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        uint64_t s, e, off, maj, min, ino;
        uint32_t prot;
        bool shared;
        const char *name;
        if (!CHECK(parse_maps(line, &s, &e, &prot, &shared, &off, &maj, &min, &ino, &name)))
            continue;
        char nm[4096];
        snprintf(nm, sizeof nm, "%s", name);
        nm[strcspn(nm, "\n")] = 0;
        int n = maps_format_line(out, sizeof out, s, e, prot, shared, off, maj, min, ino, nm);
        CHECK_EQ(n, (int)strlen(line));
        CHECK_STR(out, line);
        lines++;
    }
    fclose(f);
    CHECK(lines > 5);
}

static void test_maps_cases(void)
{
    char out[256];
    int n = maps_format_line(out, sizeof out, 0x400000, 0x401000, 5, false, 0, 0, 0x11, 42, "/init");
    CHECK_STR(out, "00400000-00401000 r-xp 00000000 00:11 42                                 /init\n");
    CHECK_EQ(n, 79);
    CHECK_EQ(strchr(out, '/') - out, 73);
    maps_format_line(out, sizeof out, 0x7ffffffde000, 0x7ffffffff000, 3, false, 0, 0, 0, 0, "[stack]");
    CHECK_STR(out, "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n");
    maps_format_line(out, sizeof out, 0x1000, 0x2000, 0, true, 0x1234000, 0xfe, 0x100, 7, NULL);
    CHECK_STR(out, "00001000-00002000 ---s 01234000 fe:100 7 \n");
    /* A line longer than the pad column gets one space before the name. */
    maps_format_line(out, sizeof out, 0xffffffffff600000, 0xffffffffff601000, 4, false,
                     0xffffffffffff, 0xfff, 0xfffff, 18446744073709551615ul, "x");
    CHECK_STR(out, "ffffffffff600000-ffffffffff601000 --xp ffffffffffff fff:fffff 18446744073709551615  x\n");
    /* Too small a buffer: cut short, NUL-terminated, full length returned. */
    char small[10];
    n = maps_format_line(small, sizeof small, 0x400000, 0x401000, 5, false, 0, 0, 0x11, 42, "/init");
    CHECK_EQ(n, 79);
    CHECK_STR(small, "00400000-");
}

static void test_dev(void)
{
    CHECK_EQ(dev_encode(1, 3), 0x103);
    CHECK_EQ(dev_encode(0, 17), 17);
    CHECK_EQ(dev_encode(254, 0), 0xfe00);
    CHECK_EQ(dev_encode(8, 0x12345), 0x12300845);
    CHECK_EQ(dev_major(dev_encode(0xabc, 0x12345)), 0xabc);
    CHECK_EQ(dev_minor(dev_encode(0xabc, 0x12345)), 0x12345);
}

static void test_seqbuf(void)
{
    unsigned long live = host_alloc_live;
    struct seqbuf s = { 0 };
    char want[20000] = "";
    for (int i = 0; i < 1000; i++) {
        seq_printf(&s, "line %d: %s\n", i, i % 2 ? "odd" : "even");
        snprintf(want + strlen(want), sizeof want - strlen(want), "line %d: %s\n", i,
                 i % 2 ? "odd" : "even");
    }
    CHECK_STR(s.buf, want);
    CHECK_EQ(s.len, strlen(want));
    CHECK(!s.overflow);
    seq_puts(&s, "abc");
    seq_pad_line(&s, 10);
    seq_write(&s, "|\n", 2);
    CHECK_STR(s.buf + strlen(want), "abc       |\n");
    seq_pad_line(&s, 3);
    CHECK_STR(s.buf + strlen(want), "abc       |\n   ");
    seq_free(&s);
    CHECK(s.buf == NULL);

    /* Out of memory while growing: overflow, and what is there stays. */
    seq_puts(&s, "first");
    host_alloc_fail_in = 1;
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    seq_puts(&s, big);
    host_alloc_fail_in = 0;
    CHECK(s.overflow);
    CHECK_STR(s.buf, "first");
    seq_printf(&s, "%s", "more");
    CHECK_STR(s.buf, "first");
    seq_free(&s);
    CHECK_EQ(host_alloc_live, live);
}

int main(void)
{
    test_maps_against_host();
    test_maps_cases();
    test_dev();
    test_seqbuf();
    check_done("test_procfs");
}
