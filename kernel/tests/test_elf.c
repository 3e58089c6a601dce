/* elf_parse on real executables (given on the command line), on a small
 * image built here, and on every kind of damage to them. Truncated and
 * fuzzed images sit in exactly-sized (or tail-poisoned) allocations so that
 * AddressSanitizer catches any read past the image. */
#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "lib/elf.h"
#include "lib/errno.h"

#define LIMIT 0x800000000000ULL   /* x86-64 user space */
#define PAGE 4096ULL

_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr");
_Static_assert(offsetof(Elf64_Ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(Elf64_Ehdr, e_phnum) == 56, "e_phnum");
_Static_assert(offsetof(Elf64_Phdr, p_memsz) == 40, "p_memsz");

/* Raw field access by offset, independent of the structs under test. */
static uint64_t rd(const unsigned char *p, size_t off, int n)
{
    uint64_t v = 0;
    memcpy(&v, p + off, n);
    return v;
}

static void wr(unsigned char *p, size_t off, int n, uint64_t v)
{
    memcpy(p + off, &v, n);
}

/* Ehdr offsets and widths. */
enum { E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_ENTRY = 24, E_PHOFF = 32,
       E_SHOFF = 40, E_FLAGS = 48, E_EHSIZE = 52, E_PHENTSIZE = 54, E_PHNUM = 56,
       E_SHENTSIZE = 58, E_SHNUM = 60, E_SHSTRNDX = 62 };
/* Phdr offsets. */
enum { P_TYPE = 0, P_FLAGS = 4, P_OFFSET = 8, P_VADDR = 16, P_FILESZ = 32,
       P_MEMSZ = 40 };

static size_t phdr_at(const unsigned char *img, int i)
{
    return rd(img, E_PHOFF, 8) + 56 * (size_t)i;
}

static int phnum(const unsigned char *img)
{
    return rd(img, E_PHNUM, 2);
}

/* The shortest prefix of a valid image that still parses. */
static size_t needed_size(const unsigned char *img)
{
    size_t need = phdr_at(img, phnum(img));
    for (int i = 0; i < phnum(img); i++) {
        size_t ph = phdr_at(img, i);
        uint32_t type = rd(img, ph + P_TYPE, 4);
        size_t end = rd(img, ph + P_OFFSET, 8) + rd(img, ph + P_FILESZ, 8);
        if ((type == PT_LOAD || type == PT_INTERP) && end > need)
            need = end;
    }
    return need;
}

/* What an accepted image must satisfy, checked from the raw bytes. */
static void check_accepted(const unsigned char *img, size_t size, uint64_t limit,
                           const struct elf_image *e)
{
    CHECK((const void *)e->ehdr == img);
    CHECK_EQ(e->phnum, phnum(img));
    CHECK((const unsigned char *)e->phdr == img + rd(img, E_PHOFF, 8));
    CHECK(phdr_at(img, e->phnum) <= size);
    CHECK(e->type == ET_EXEC || e->type == ET_DYN);
    CHECK_EQ(e->entry, rd(img, E_ENTRY, 8));
    CHECK(e->lo < e->hi && e->hi <= limit && e->lo % PAGE == 0 && e->hi % PAGE == 0);
    int loads = 0;
    for (int i = 0; i < e->phnum; i++) {
        size_t ph = phdr_at(img, i);
        uint64_t off = rd(img, ph + P_OFFSET, 8), va = rd(img, ph + P_VADDR, 8);
        uint64_t filesz = rd(img, ph + P_FILESZ, 8), memsz = rd(img, ph + P_MEMSZ, 8);
        if (rd(img, ph + P_TYPE, 4) != PT_LOAD)
            continue;
        loads++;
        CHECK(filesz <= memsz && off <= size && filesz <= size - off);
        CHECK(va % PAGE == off % PAGE);
        CHECK(va >= e->lo && va <= e->hi && memsz <= e->hi - va);
    }
    CHECK(loads > 0);
    if (e->interp) {
        const unsigned char *p = (const unsigned char *)e->interp;
        CHECK(p >= img && p < img + size);
        CHECK(memchr(p, 0, img + size - p) != NULL);
    }
}

static int parse(const unsigned char *img, size_t size, uint64_t limit)
{
    struct elf_image e;
    memset(&e, 0xa5, sizeof(e));
    int r = elf_parse(img, size, limit, &e);
    if (r == 0)
        check_accepted(img, size, limit, &e);
    else
        CHECK_EQ(r, -ENOEXEC);
    return r;
}

/* A small ET_DYN image: PHDR, INTERP, two LOADs (text, data+bss) and a
 * GNU_STACK, laid out as a linker would. */
#define TINY_SIZE 0x2100
static const char tiny_interp[] = "/lib/ld.so";

static void put_phdr(unsigned char *img, int i, uint32_t type, uint32_t flags,
                     uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz)
{
    size_t ph = 64 + 56 * i;
    wr(img, ph + P_TYPE, 4, type);
    wr(img, ph + P_FLAGS, 4, flags);
    wr(img, ph + P_OFFSET, 8, off);
    wr(img, ph + P_VADDR, 8, va);
    wr(img, ph + 24, 8, va);
    wr(img, ph + P_FILESZ, 8, filesz);
    wr(img, ph + P_MEMSZ, 8, memsz);
    wr(img, ph + 48, 8, PAGE);
}

static unsigned char *make_tiny(void)
{
    unsigned char *img = calloc(1, TINY_SIZE);
    memcpy(img, "\x7f" "ELF\2\1\1", 7);
    wr(img, E_TYPE, 2, ET_DYN);
    wr(img, E_MACHINE, 2, 62);
    wr(img, E_VERSION, 4, 1);
    wr(img, E_ENTRY, 8, 0x1000);
    wr(img, E_PHOFF, 8, 64);
    wr(img, E_EHSIZE, 2, 64);
    wr(img, E_PHENTSIZE, 2, 56);
    wr(img, E_PHNUM, 2, 5);
    put_phdr(img, 0, PT_PHDR, PF_R, 64, 64, 5 * 56, 5 * 56);
    put_phdr(img, 1, PT_INTERP, PF_R, 0x200, 0x200, sizeof(tiny_interp), sizeof(tiny_interp));
    put_phdr(img, 2, PT_LOAD, PF_R | PF_X, 0, 0, 0x1100, 0x1100);
    put_phdr(img, 3, PT_LOAD, PF_R | PF_W, 0x2000, 0x3000, 0x100, 0x5000);
    put_phdr(img, 4, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
    memcpy(img + 0x200, tiny_interp, sizeof(tiny_interp));
    return img;
}

static void test_tiny(void)
{
    unsigned char *img = make_tiny();
    struct elf_image e;
    CHECK_EQ(elf_parse(img, TINY_SIZE, LIMIT, &e), 0);
    CHECK_EQ(e.type, ET_DYN);
    CHECK_EQ(e.entry, 0x1000);
    CHECK_EQ(e.lo, 0);
    CHECK_EQ(e.hi, 0x8000);
    CHECK(e.interp && strcmp(e.interp, tiny_interp) == 0);
    CHECK_EQ(e.phdr_vaddr, 64);
    CHECK_EQ(e.phnum, 5);

    /* Without PT_PHDR, the headers are found in the first PT_LOAD. */
    wr(img, 64 + P_TYPE, 4, PT_NULL);
    CHECK_EQ(elf_parse(img, TINY_SIZE, LIMIT, &e), 0);
    CHECK_EQ(e.phdr_vaddr, 64);
    /* ... and shifted with it. */
    wr(img, 64 + 2 * 56 + P_VADDR, 8, 0x10000);
    CHECK_EQ(elf_parse(img, TINY_SIZE, LIMIT, &e), 0);
    CHECK_EQ(e.phdr_vaddr, 0x10040);
    CHECK_EQ(e.lo, 0x3000);
    CHECK_EQ(e.hi, 0x11100 + PAGE - 0x100);
    /* ... or not mapped at all. */
    wr(img, 64 + 2 * 56 + P_OFFSET, 8, 0x1000);
    wr(img, 64 + 2 * 56 + P_FILESZ, 8, 0x100);
    CHECK_EQ(elf_parse(img, TINY_SIZE, LIMIT, &e), 0);
    CHECK_EQ(e.phdr_vaddr, 0);
    free(img);

    /* A segment may end exactly at the limit, not a byte after. */
    img = make_tiny();
    CHECK_EQ(parse(img, TINY_SIZE, 0x8000), 0);
    CHECK_EQ(parse(img, TINY_SIZE, 0x7fff), -ENOEXEC);
    wr(img, 64 + 3 * 56 + P_MEMSZ, 8, 0x4f01);   /* ends at 0x7f01: rounds up to 0x8000 */
    CHECK_EQ(parse(img, TINY_SIZE, 0x8000), 0);
    CHECK_EQ(parse(img, TINY_SIZE, 0x7f01), -ENOEXEC);
    free(img);

    /* Not 8-byte aligned. */
    img = make_tiny();
    unsigned char *odd = malloc(TINY_SIZE + 4);
    memcpy(odd + 4, img, TINY_SIZE);
    CHECK_EQ(elf_parse(odd + 4, TINY_SIZE, LIMIT, &e), -ENOEXEC);
    free(odd);
    free(img);
}

struct mutation {
    const char *what;
    size_t off;        /* in the ehdr, or in the phdr chosen */
    int width;
    uint64_t value;
    int ok;            /* still accepted */
};

static const struct mutation ehdr_mutations[] = {
    { "magic0", 0, 1, 0x7e, 0 }, { "magic1", 1, 1, 'e', 0 },
    { "magic2", 2, 1, 'l', 0 }, { "magic3", 3, 1, 'G', 0 },
    { "class32", 4, 1, 1, 0 }, { "class0", 4, 1, 0, 0 }, { "class3", 4, 1, 3, 0 },
    { "big endian", 5, 1, 2, 0 }, { "data0", 5, 1, 0, 0 },
    { "ident version", 6, 1, 0, 0 }, { "ident version2", 6, 1, 2, 0 },
    { "osabi", 7, 1, 3, 1 }, { "abiversion", 8, 1, 1, 1 }, { "pad", 9, 7, 0xffffffff, 1 },
    { "ET_REL", E_TYPE, 2, 1, 0 }, { "ET_CORE", E_TYPE, 2, 4, 0 },
    { "ET_NONE", E_TYPE, 2, 0, 0 }, { "type ffff", E_TYPE, 2, 0xffff, 0 },
    { "i386", E_MACHINE, 2, 3, 0 }, { "aarch64", E_MACHINE, 2, 183, 0 },
    { "machine0", E_MACHINE, 2, 0, 0 },
    { "version0", E_VERSION, 4, 0, 0 }, { "version2", E_VERSION, 4, 2, 0 },
    { "entry", E_ENTRY, 8, 0x123456, 1 }, { "entry huge", E_ENTRY, 8, UINT64_MAX, 1 },
    { "phoff max", E_PHOFF, 8, UINT64_MAX, 0 },
    { "phoff max-55", E_PHOFF, 8, UINT64_MAX - 55, 0 },
    { "phoff 2^63", E_PHOFF, 8, 1ULL << 63, 0 },
    { "phoff misaligned", E_PHOFF, 8, 65, 0 }, { "phoff misaligned4", E_PHOFF, 8, 68, 0 },
    { "shoff", E_SHOFF, 8, UINT64_MAX, 1 }, { "flags", E_FLAGS, 4, 0xffffffff, 1 },
    { "ehsize", E_EHSIZE, 2, 0, 1 },
    { "phentsize0", E_PHENTSIZE, 2, 0, 0 }, { "phentsize55", E_PHENTSIZE, 2, 55, 0 },
    { "phentsize57", E_PHENTSIZE, 2, 57, 0 }, { "phentsize64", E_PHENTSIZE, 2, 64, 0 },
    { "phnum0", E_PHNUM, 2, 0, 0 }, { "phnum ffff", E_PHNUM, 2, 0xffff, 0 },
    { "phnum 1171", E_PHNUM, 2, 1171, 0 },
    { "shentsize", E_SHENTSIZE, 2, 7, 1 }, { "shnum", E_SHNUM, 2, 0xffff, 1 },
    { "shstrndx", E_SHSTRNDX, 2, 0xffff, 1 },
};

/* Applies m to a copy of img and checks the verdict. */
static void try_mutation(const unsigned char *img, size_t size, size_t base,
                         const struct mutation *m, uint64_t value)
{
    unsigned char *copy = malloc(size);
    memcpy(copy, img, size);
    wr(copy, base + m->off, m->width, value);
    int r = parse(copy, size, LIMIT);
    if (!CHECK_EQ(r, m->ok ? 0 : -ENOEXEC))
        fprintf(stderr, "  mutation: %s\n", m->what);
    free(copy);
}

/* Each PT_LOAD damaged in turn; values depend on the segment. */
static void test_load_mutations(const unsigned char *img, size_t size)
{
    for (int i = 0; i < phnum(img); i++) {
        size_t ph = phdr_at(img, i);
        if (rd(img, ph + P_TYPE, 4) != PT_LOAD)
            continue;
        uint64_t off = rd(img, ph + P_OFFSET, 8), va = rd(img, ph + P_VADDR, 8);
        uint64_t memsz = rd(img, ph + P_MEMSZ, 8);
        uint64_t top = UINT64_MAX & ~(PAGE - 1);
        const struct mutation ms[] = {
            { "filesz > memsz", P_FILESZ, 8, memsz + 1, 0 },
            { "offset misaligned", P_OFFSET, 8, off + 1, 0 },
            { "vaddr misaligned", P_VADDR, 8, va + 8, 0 },
            { "offset at end", P_OFFSET, 8, (size & ~(PAGE - 1)) + PAGE + off % PAGE, 0 },
            { "offset wraps", P_OFFSET, 8, top + off % PAGE, 0 },
            { "memsz huge", P_MEMSZ, 8, UINT64_MAX, 0 },
            { "memsz wraps", P_MEMSZ, 8, UINT64_MAX - va + 1, 0 },
            { "memsz past limit", P_MEMSZ, 8, LIMIT - va + 1, 0 },
            { "vaddr wraps", P_VADDR, 8, top + va % PAGE, 0 },
            { "vaddr at limit", P_VADDR, 8, LIMIT + va % PAGE, 0 },
            { "vaddr below limit", P_VADDR, 8, LIMIT - PAGE + va % PAGE, memsz <= PAGE - va % PAGE },
            { "not a load", P_TYPE, 4, PT_NULL, 1 },
            { "flags", P_FLAGS, 4, 0xff, 1 },
        };
        for (size_t k = 0; k < sizeof(ms) / sizeof(ms[0]); k++)
            try_mutation(img, size, ph, &ms[k], ms[k].value);
        /* filesz past the end, with memsz grown to match. */
        unsigned char *copy = malloc(size);
        memcpy(copy, img, size);
        wr(copy, ph + P_FILESZ, 8, size - off + 1);
        wr(copy, ph + P_MEMSZ, 8, size - off + 1);
        CHECK_EQ(parse(copy, size, LIMIT), -ENOEXEC);
        free(copy);
    }
}

static void test_other_mutations(const unsigned char *img, size_t size)
{
    unsigned char *copy = malloc(size);
    /* No PT_LOAD at all. */
    memcpy(copy, img, size);
    for (int i = 0; i < phnum(img); i++)
        if (rd(copy, phdr_at(copy, i) + P_TYPE, 4) == PT_LOAD)
            wr(copy, phdr_at(copy, i) + P_TYPE, 4, PT_NULL);
    CHECK_EQ(parse(copy, size, LIMIT), -ENOEXEC);

    for (int i = 0; i < phnum(img); i++) {
        size_t ph = phdr_at(img, i);
        if (rd(img, ph + P_TYPE, 4) != PT_INTERP)
            continue;
        uint64_t filesz = rd(img, ph + P_FILESZ, 8);
        const struct mutation ms[] = {
            { "interp without NUL", P_FILESZ, 8, filesz - 1, 0 },
            { "interp empty", P_FILESZ, 8, 0, 0 },
            { "interp past end", P_OFFSET, 8, size, 0 },
            { "interp wraps", P_OFFSET, 8, UINT64_MAX, 0 },
            { "interp huge", P_FILESZ, 8, UINT64_MAX, 0 },
        };
        for (size_t k = 0; k < sizeof(ms) / sizeof(ms[0]); k++)
            try_mutation(img, size, ph, &ms[k], ms[k].value);
        /* Two PT_INTERPs: the last phdr turned into a second one. */
        memcpy(copy, img, size);
        memcpy(copy + phdr_at(copy, phnum(copy) - 1), copy + ph, 56);
        if (phnum(copy) - 1 != i)
            CHECK_EQ(parse(copy, size, LIMIT), -ENOEXEC);
    }
    free(copy);
}

/* Cut at every byte through the headers, then every 64 bytes; the tail
 * past the cut is poisoned. */
static void test_truncated(unsigned char *img, size_t size)
{
    size_t need = needed_size(img);
    for (size_t n = 0; n <= size; n += n < 8192 ? 1 : 64) {
        ASAN_POISON_MEMORY_REGION(img + n, size - n);
        int r = parse(img, n, LIMIT);
        ASAN_UNPOISON_MEMORY_REGION(img + n, size - n);
        if (!CHECK_EQ(r, n >= need ? 0 : -ENOEXEC))
            fprintf(stderr, "  truncated at %zu of %zu (needs %zu)\n", n, size, need);
        CHECK_BAIL();
    }
}

/* Random damage to the headers of the tiny image: accepted or not, never a
 * bad read, and whatever is accepted satisfies check_accepted(). */
static void test_fuzz(void)
{
    unsigned char *img = make_tiny();
    unsigned char *copy = malloc(TINY_SIZE);
    int accepted = 0;
    srand(2);
    for (int i = 0; i < 100000; i++) {
        memcpy(copy, img, TINY_SIZE);
        for (int k = rand() % 3; k >= 0; k--) {
            size_t pos = rand() % (64 + 5 * 56);
            copy[pos] = rand() % 2 ? rand() : copy[pos] ^ (1 << (rand() % 8));
        }
        accepted += parse(copy, TINY_SIZE, LIMIT) == 0;
        CHECK_BAIL();
    }
    CHECK(accepted > 1000);
    free(copy);
    free(img);
}

static unsigned char *load(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!CHECK(f != NULL)) {
        fprintf(stderr, "  cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    unsigned char *img = malloc(*size);
    CHECK_EQ(fread(img, 1, *size, f), *size);
    fclose(f);
    return img;
}

/* A valid image: accepted as its raw bytes say, then damaged every way. */
static void test_image(unsigned char *img, size_t size, const char *path)
{
    struct elf_image e;
    if (!CHECK_EQ(elf_parse(img, size, LIMIT, &e), 0)) {
        fprintf(stderr, "  %s rejected\n", path);
        return;
    }
    check_accepted(img, size, LIMIT, &e);
    CHECK_EQ(e.type, rd(img, E_TYPE, 2));
    uint64_t lo = UINT64_MAX, hi = 0, phdr_va = 0, phoff = rd(img, E_PHOFF, 8);
    const char *interp = NULL;
    for (int i = 0; i < phnum(img); i++) {
        size_t ph = phdr_at(img, i);
        uint32_t type = rd(img, ph + P_TYPE, 4);
        uint64_t off = rd(img, ph + P_OFFSET, 8), va = rd(img, ph + P_VADDR, 8);
        uint64_t filesz = rd(img, ph + P_FILESZ, 8), memsz = rd(img, ph + P_MEMSZ, 8);
        if (type == PT_INTERP)
            interp = (const char *)img + off;
        if (type == PT_PHDR)
            phdr_va = va;
        if (type != PT_LOAD)
            continue;
        if (va / PAGE * PAGE < lo)
            lo = va / PAGE * PAGE;
        if ((va + memsz + PAGE - 1) / PAGE * PAGE > hi)
            hi = (va + memsz + PAGE - 1) / PAGE * PAGE;
        if (!phdr_va && phoff >= off && phoff + 56 * phnum(img) <= off + filesz)
            phdr_va = va + phoff - off;
    }
    CHECK_EQ(e.lo, lo);
    CHECK_EQ(e.hi, hi);
    CHECK(e.interp == interp);
    CHECK_EQ(e.phdr_vaddr, phdr_va);
    CHECK(e.phdr_vaddr != 0);

    for (size_t k = 0; k < sizeof(ehdr_mutations) / sizeof(ehdr_mutations[0]); k++)
        try_mutation(img, size, 0, &ehdr_mutations[k], ehdr_mutations[k].value);
    /* ET_EXEC and ET_DYN are both fine. */
    struct mutation swap = { "other type", E_TYPE, 2, 0, 1 };
    try_mutation(img, size, 0, &swap, e.type == ET_EXEC ? ET_DYN : ET_EXEC);
    /* The program headers moved past the end. */
    struct mutation past = { "phoff past end", E_PHOFF, 8, 0, 0 };
    try_mutation(img, size, 0, &past, (size + 7) & ~7ULL);
    try_mutation(img, size, 0, &past, (size - 56 * phnum(img) + 8) & ~7ULL);
    test_load_mutations(img, size);
    test_other_mutations(img, size);
    test_truncated(img, size);
}

int main(int argc, char **argv)
{
    test_tiny();
    unsigned char *img = make_tiny();
    test_image(img, TINY_SIZE, "(tiny)");
    free(img);
    for (int i = 1; i < argc; i++) {
        size_t size;
        if ((img = load(argv[i], &size)) != NULL)
            test_image(img, size, argv[i]);
        free(img);
    }
    test_fuzz();
    check_done("test_elf");
}
