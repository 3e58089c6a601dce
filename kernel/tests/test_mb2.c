/* mb2_parse on boot information built here the way GRUB lays it out, and
 * on every way of breaking it. Each parse reads an exactly-sized copy, so
 * AddressSanitizer sees any read past its end. */
#include <stdint.h>
#include "check.h"
#include "arch/x86_64/boot.h"

/* Boot information under construction. */
struct info {
    uint8_t buf[4096] __attribute__((aligned(8)));
    size_t len;
};

static void begin(struct info *in)
{
    memset(in, 0, sizeof(*in));
    in->len = 8;
}

/* Appends a tag with this payload; returns its offset. */
static size_t tag(struct info *in, uint32_t type, const void *payload, uint32_t n)
{
    size_t at = in->len;
    uint32_t hdr[2] = { type, 8 + n };
    memcpy(in->buf + at, hdr, 8);
    if (n)
        memcpy(in->buf + at + 8, payload, n);
    in->len = (at + 8 + n + 7) & ~7ul;
    return at;
}

static void end(struct info *in)
{
    tag(in, 0, NULL, 0);
    uint32_t total = (uint32_t)in->len;
    memcpy(in->buf, &total, 4);
}

static void set32(struct info *in, size_t off, uint32_t v) { memcpy(in->buf + off, &v, 4); }

struct mmap_entry { uint64_t base, len; uint32_t type, reserved; };

static void add_mmap(struct info *in, uint32_t entry_size, const struct mmap_entry *e, int n)
{
    uint8_t p[1024] = { 0 };
    uint32_t hdr[2] = { entry_size, 0 };
    memcpy(p, hdr, 8);
    for (int i = 0; i < n; i++)
        memcpy(p + 8 + i * entry_size, &e[i], sizeof(e[i]) < entry_size ? sizeof(e[i]) : entry_size);
    tag(in, 6, p, 8 + n * entry_size);
}

struct fb_payload {
    uint64_t addr;
    uint32_t pitch, width, height;
    uint8_t bpp, type;
    uint16_t reserved;
    uint8_t rp, rs, gp, gs, bp, bs;
} __attribute__((packed));

static const struct fb_payload good_fb = { 0xFD000000, 4096, 1024, 768, 32, 1, 0, 16, 8, 8, 8, 0, 8 };

static int parse_copy_cap(const struct info *in, size_t len, uint64_t cap, struct boot_info *bi)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, in->buf, len);
    memset(bi, 0, sizeof(*bi));
    int r = mb2_parse(copy, cap, bi);
    free(copy);
    return r;
}

static int parse_copy(const struct info *in, struct boot_info *bi)
{
    return parse_copy_cap(in, in->len, in->len, bi);
}

/* What GRUB hands over on a BIOS PC in QEMU. */
static void build_full(struct info *in)
{
    begin(in);
    tag(in, 1, "quiet loglevel=3", 17);
    tag(in, 2, "GRUB 2.06", 10);
    uint32_t mod[2] = { 0x400000, 0x4a1234 };
    uint8_t m[8 + 32];
    memcpy(m, mod, 8);
    memcpy(m + 8, "/boot/initramfs.cpio", 21);
    tag(in, 3, m, 8 + 21);
    struct mmap_entry e[] = {
        { 0, 0x9fc00, 1, 0 }, { 0x9fc00, 0x400, 2, 0 }, { 0xf0000, 0x10000, 2, 0 },
        { 0x100000, 0x1fee0000, 1, 0 }, { 0x1ffe0000, 0x20000, 2, 0 },
        { 0x100000000, 0x40000000, 1, 0 },
    };
    add_mmap(in, 24, e, 6);
    tag(in, 8, &good_fb, sizeof good_fb);
    uint8_t rsdp1[20] = "RSD PTR ";
    rsdp1[15] = 0;     /* revision 0 */
    tag(in, 14, rsdp1, 20);
    end(in);
}

static void test_valid(void)
{
    static struct info in;
    struct boot_info bi;
    build_full(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_STR(bi.protocol, "multiboot2");
    CHECK_STR(bi.cmdline, "quiet loglevel=3");
    CHECK_EQ(bi.initrd_phys, 0x400000);
    CHECK_EQ(bi.initrd_len, 0xa1234);
    CHECK_EQ(bi.nram, 3);
    CHECK_EQ(bi.ram[0].base, 0);
    CHECK_EQ(bi.ram[0].len, 0x9fc00);
    CHECK_EQ(bi.ram[1].base, 0x100000);
    CHECK_EQ(bi.ram[2].base, 0x100000000);
    CHECK_EQ(bi.fb.phys, 0xFD000000);
    CHECK_EQ(bi.fb.pitch, 4096);
    CHECK_EQ(bi.fb.width, 1024);
    CHECK_EQ(bi.fb.height, 768);
    CHECK_EQ(bi.fb.bpp, 32);
    CHECK_EQ(bi.fb.red_pos, 16);
    CHECK_EQ(bi.fb.green_pos, 8);
    CHECK_EQ(bi.fb.blue_pos, 0);
    CHECK_EQ(bi.fb.blue_size, 8);
    CHECK_EQ(bi.rsdp_copy_len, 20);
    CHECK(memcmp(bi.rsdp_copy, "RSD PTR ", 8) == 0);

    /* The total size may be short of the buffer the loader gave. */
    CHECK_EQ(parse_copy_cap(&in, in.len, in.len + 100, &bi), 0);
}

/* A UEFI map: many touching pieces of RAM become few regions. */
static void test_mmap_merge(void)
{
    static struct info in;
    struct boot_info bi;
    struct mmap_entry e[40];
    for (int i = 0; i < 40; i++)
        e[i] = (struct mmap_entry){ 0x100000 + i * 0x1000ull, 0x1000, i == 20 ? 4 : 1, 0 };
    begin(&in);
    add_mmap(&in, 24, e, 40);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.nram, 2);
    CHECK_EQ(bi.ram[0].len, 20 * 0x1000);
    CHECK_EQ(bi.ram[1].base, 0x100000 + 21 * 0x1000);
    CHECK_EQ(bi.ram[1].len, 19 * 0x1000);

    /* More separate regions than fit: the rest are dropped, nothing overflows. */
    struct mmap_entry f[40];
    for (int i = 0; i < 40; i++)
        f[i] = (struct mmap_entry){ i * 0x10000ull, 0x1000, 1, 0 };
    begin(&in);
    add_mmap(&in, 24, f, 40);
    add_mmap(&in, 24, f, 40);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.nram, BOOT_MAX_REGIONS);

    /* A later version's bigger entries are stepped over by entry_size. */
    begin(&in);
    add_mmap(&in, 32, e, 3);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.nram, 1);
    CHECK_EQ(bi.ram[0].len, 3 * 0x1000);

    /* Broken entry sizes: the tag is ignored. */
    uint32_t bad[] = { 0, 8, 20, 28 };
    for (int i = 0; i < 4; i++) {
        begin(&in);
        add_mmap(&in, 24, e, 2);
        set32(&in, 16, bad[i]);
        end(&in);
        CHECK_EQ(parse_copy(&in, &bi), 0);
        CHECK_EQ(bi.nram, 0);
    }
    /* A partial last entry is not read. */
    begin(&in);
    add_mmap(&in, 24, e, 2);
    set32(&in, 12, 8 + 8 + 24 + 10);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.nram, 1);
    /* A region that wraps around is dropped. */
    struct mmap_entry w = { 0xfffffffffffff000ull, 0x2000, 1, 0 };
    begin(&in);
    add_mmap(&in, 24, &w, 1);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.nram, 0);
}

static void test_header(void)
{
    static struct info in;
    struct boot_info bi;
    build_full(&in);
    CHECK_EQ(parse_copy_cap(&in, 4, 4, &bi), -1);          /* shorter than the header */
    CHECK_EQ(parse_copy_cap(&in, in.len - 8, in.len - 8, &bi), -1);   /* total beyond cap */
    set32(&in, 0, 7);
    CHECK_EQ(parse_copy(&in, &bi), -1);
    set32(&in, 0, 0xffffffff);
    CHECK_EQ(parse_copy(&in, &bi), -1);
    /* Only the header: no tags, nothing found. */
    set32(&in, 0, 8);
    CHECK_EQ(parse_copy_cap(&in, 8, 8, &bi), 0);
    CHECK_EQ(bi.nram, 0);
    CHECK_EQ(bi.initrd_len, 0);
}

/* Tags whose size lies: the walk stops there, what came before stays. */
static void test_bad_tag_sizes(void)
{
    static struct info in;
    struct boot_info bi;
    uint32_t sizes[] = { 0, 1, 7, 4096, 0x7fffffff, 0xffffffff };
    for (int i = 0; i < 6; i++) {
        begin(&in);
        tag(&in, 1, "first", 6);
        size_t at = tag(&in, 3, "\0\0\0\0\0\0\0\0", 8);
        tag(&in, 1, "second", 7);
        end(&in);
        set32(&in, at + 4, sizes[i]);
        CHECK_EQ(parse_copy(&in, &bi), 0);
        CHECK_STR(bi.cmdline, "first");
    }
    /* No end tag, and the last tag cut by the total size. */
    begin(&in);
    tag(&in, 1, "only", 5);
    tag(&in, 1, "cut off here", 13);
    set32(&in, 0, (uint32_t)in.len - 4);
    CHECK_EQ(parse_copy_cap(&in, in.len - 4, in.len - 4, &bi), 0);
    CHECK_STR(bi.cmdline, "only");
    /* A tag header cut by the total size. */
    begin(&in);
    tag(&in, 1, "x", 2);
    set32(&in, 0, (uint32_t)in.len + 4);
    CHECK_EQ(parse_copy_cap(&in, in.len + 4, in.len + 4, &bi), 0);
    CHECK_STR(bi.cmdline, "x");
}

static void test_cmdline(void)
{
    static struct info in;
    struct boot_info bi;
    /* No NUL inside the tag: only its bytes are taken. */
    begin(&in);
    tag(&in, 1, "abcdefgh", 8);
    tag(&in, 2, "XXXXXXXX", 8);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_STR(bi.cmdline, "abcdefgh");
    /* Empty tag. */
    begin(&in);
    tag(&in, 1, "", 0);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_STR(bi.cmdline, "");
    /* Longer than the kernel keeps: cut at 1023. */
    static char longer[2000];
    memset(longer, 'a', sizeof longer);
    begin(&in);
    tag(&in, 1, longer, sizeof longer);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(strlen(bi.cmdline), sizeof(bi.cmdline) - 1);
}

static void test_modules(void)
{
    static struct info in;
    struct boot_info bi;
    uint32_t m1[2] = { 0x800000, 0x900000 }, m2[2] = { 0xa00000, 0xb00000 };
    begin(&in);
    tag(&in, 3, m1, 8);
    tag(&in, 3, m2, 8);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.initrd_phys, 0x800000);
    CHECK_EQ(bi.initrd_len, 0x100000);
    /* end before start, empty, short tag: no initramfs from them. */
    uint32_t back[2] = { 0x900000, 0x800000 }, empty[2] = { 0x900000, 0x900000 };
    begin(&in);
    tag(&in, 3, back, 8);
    tag(&in, 3, empty, 8);
    tag(&in, 3, m1, 4);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.initrd_len, 0);
}

static void test_framebuffer(void)
{
    static struct info in;
    struct boot_info bi;
    struct fb_payload f;
    /* Each broken one is refused whole. */
    for (int i = 0; i < 7; i++) {
        f = good_fb;
        uint32_t n = sizeof f;
        switch (i) {
        case 0: f.type = 2; break;                 /* EGA text */
        case 1: f.type = 0; break;                 /* indexed colour */
        case 2: f.bpp = 0; break;
        case 3: f.bpp = 8; break;
        case 4: f.pitch = 1024 * 4 - 1; break;     /* lines overlap */
        case 5: f.width = 0; break;
        case 6: n = 20; break;                     /* cut before the colour fields */
        }
        begin(&in);
        tag(&in, 8, &f, n);
        end(&in);
        CHECK_EQ(parse_copy(&in, &bi), 0);
        CHECK_EQ(bi.fb.phys, 0);
    }
    /* A huge width cannot overflow the pitch check. */
    f = good_fb;
    f.width = 0xffffffff;
    f.pitch = 0xfffffffc;
    begin(&in);
    tag(&in, 8, &f, sizeof f);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.fb.phys, 0);
    /* 16 bpp RGB565 is fine. */
    f = (struct fb_payload){ 0xE0000000, 2048, 1024, 768, 16, 1, 0, 11, 5, 5, 6, 0, 5 };
    begin(&in);
    tag(&in, 8, &f, sizeof f);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.fb.phys, 0xE0000000);
    CHECK_EQ(bi.fb.bpp, 16);
    CHECK_EQ(bi.fb.green_size, 6);
}

static void test_rsdp(void)
{
    static struct info in;
    struct boot_info bi;
    uint8_t v1[20] = "RSD PTR ", v2[36] = "RSD PTR ";
    v2[15] = 2;
    /* The 2.0 copy wins whichever comes first. */
    begin(&in);
    tag(&in, 15, v2, 36);
    tag(&in, 14, v1, 20);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.rsdp_copy_len, 36);
    CHECK_EQ(bi.rsdp_copy[15], 2);
    begin(&in);
    tag(&in, 14, v1, 20);
    tag(&in, 15, v2, 36);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.rsdp_copy_len, 36);
    /* Too short: ignored. Longer than an RSDP: the RSDP part is kept. */
    begin(&in);
    tag(&in, 14, v1, 19);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.rsdp_copy_len, 0);
    static uint8_t big[100];
    begin(&in);
    tag(&in, 15, big, sizeof big);
    end(&in);
    CHECK_EQ(parse_copy(&in, &bi), 0);
    CHECK_EQ(bi.rsdp_copy_len, 36);
}

/* Random damage to a good structure, and random bytes: never a read out
 * of bounds (ASan), and what is found stays within its limits. */
static void test_fuzz(void)
{
    static struct info good, in;
    struct boot_info bi;
    build_full(&good);
    srand(8);
    for (int round = 0; round < 20000; round++) {
        in = good;
        int flips = 1 + rand() % 8;
        for (int i = 0; i < flips; i++) {
            size_t at = (size_t)rand() % in.len;
            in.buf[at] = (uint8_t)(rand() % 4 ? rand() : (rand() % 2 ? 0 : 0xff));
        }
        size_t len = round % 3 ? in.len : (size_t)rand() % (in.len + 1);
        parse_copy_cap(&in, len, len, &bi);
        CHECK(bi.nram <= BOOT_MAX_REGIONS);
        CHECK(strlen(bi.cmdline) < sizeof(bi.cmdline));
        CHECK(bi.rsdp_copy_len <= sizeof(bi.rsdp_copy));
        CHECK_BAIL();
    }
    for (int round = 0; round < 2000; round++) {
        size_t len = 8 + (size_t)rand() % 512;
        for (size_t i = 0; i < len; i++)
            in.buf[i] = (uint8_t)rand();
        set32(&in, 0, (uint32_t)len);
        parse_copy_cap(&in, len, len, &bi);
        CHECK(bi.nram <= BOOT_MAX_REGIONS);
        CHECK_BAIL();
    }
}

int main(void)
{
    test_valid();
    test_mmap_merge();
    test_header();
    test_bad_tag_sizes();
    test_cmdline();
    test_modules();
    test_framebuffer();
    test_rsdp();
    test_fuzz();
    check_done("test_mb2");
}
