/* The VMA set: directed cases for splitting, merging, MAP_FIXED replacement,
 * mprotect and the free-range search, then a long random run checked
 * against a page-array model after every operation, with allocation
 * failures injected to check that -ENOMEM changes nothing. */
#include <stdbool.h>
#include "check.h"
#include "host_alloc.h"
#include "lib/errno.h"
#include "mm/vma.h"

#define PAGE 4096ULL
#define RW (PROT_READ | PROT_WRITE)

/* Files are refcounted through the ops. */
struct tfile {
    int refs;
};
static struct tfile files[3];

/* What the callbacks were told, in order. */
struct report {
    struct vma v;      /* the VMA as it was when reported */
    uint64_t start, end;
    uint32_t prot;     /* protected: the new protection */
    bool protect;
};
static struct report reports[4096];
static int nreports;

static void record(struct vma_set *set, const struct vma *v, uint64_t s, uint64_t e,
                   uint32_t prot, bool protect)
{
    /* v must be in the set, unchanged yet, and contain the range. */
    bool found = false;
    for (struct vma *p = set->head; p; p = p->next)
        found |= p == v;
    CHECK(found);
    CHECK(v->start <= s && s < e && e <= v->end);
    CHECK(s % PAGE == 0 && e % PAGE == 0);
    if (CHECK(nreports < (int)(sizeof(reports) / sizeof(reports[0]))))
        reports[nreports++] = (struct report){ *v, s, e, prot, protect };
}

static void on_unmapped(struct vma_set *set, const struct vma *v, uint64_t s, uint64_t e)
{
    record(set, v, s, e, 0, false);
}

static void on_protected(struct vma_set *set, const struct vma *v, uint64_t s,
                         uint64_t e, uint32_t prot)
{
    CHECK(prot != v->prot);
    record(set, v, s, e, prot, true);
}

static void on_get(void *f)
{
    ((struct tfile *)f)->refs++;
}

static void on_put(void *f)
{
    CHECK(((struct tfile *)f)->refs > 0);
    ((struct tfile *)f)->refs--;
}

/* What ops.moved was told, in order. */
struct move_report {
    uint64_t from, to, len;
};
static struct move_report moves[16];
static int nmoves;

static void on_moved(struct vma_set *set, const struct vma *v, uint64_t from, uint64_t to,
                     uint64_t len)
{
    /* The source is still mapped, in one VMA. */
    CHECK(vma_find(set, from) == v);
    CHECK(len > 0 && from + len <= v->end);
    CHECK(from % PAGE == 0 && to % PAGE == 0 && len % PAGE == 0);
    if (CHECK(nmoves < (int)(sizeof(moves) / sizeof(moves[0]))))
        moves[nmoves++] = (struct move_report){ from, to, len };
}

static const struct vma_ops ops = {
    .unmapped = on_unmapped, .protected = on_protected, .moved = on_moved,
    .file_get = on_get, .file_put = on_put,
};

/* Structural checks: links, order, alignment, count, full merging, cache,
 * and one file reference per VMA holding the file. */
static bool mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->file == b->file && (!a->file || a->offset + (a->end - a->start) == b->offset);
}

static void check_set(struct vma_set *set)
{
    size_t n = 0;
    int refs[3] = {0};
    bool cache_found = set->cache == NULL;
    for (struct vma *v = set->head, *prev = NULL; v; prev = v, v = v->next, n++) {
        CHECK(v->prev == prev);
        CHECK(v->start < v->end);
        CHECK(v->start % PAGE == 0 && v->end % PAGE == 0);
        if (prev) {
            CHECK(prev->end <= v->start);
            if (!CHECK(!mergeable(prev, v)))
                fprintf(stderr, "  unmerged [%#jx, %#jx) [%#jx, %#jx)\n",
                        (uintmax_t)prev->start, (uintmax_t)prev->end,
                        (uintmax_t)v->start, (uintmax_t)v->end);
        }
        for (int f = 0; f < 3; f++)
            refs[f] += v->file == &files[f];
        cache_found |= set->cache == v;
    }
    CHECK_EQ(n, set->count);
    CHECK(cache_found);
    for (int f = 0; f < 3; f++)
        CHECK_EQ(files[f].refs, refs[f]);
}

/* Checks the set holds exactly the VMAs given as {start, end, prot} triples. */
static void check_layout(struct vma_set *set, const uint64_t (*want)[3], size_t n,
                         int line)
{
    unsigned long failures = check_failures;
    check_set(set);
    CHECK_EQ(set->count, n);
    struct vma *v = set->head;
    for (size_t i = 0; i < n && v; i++, v = v->next) {
        CHECK_EQ(v->start, want[i][0]);
        CHECK_EQ(v->end, want[i][1]);
        CHECK_EQ(v->prot, want[i][2]);
    }
    if (check_failures != failures)
        fprintf(stderr, "  in the layout checked at line %d\n", line);
}
#define LAYOUT(set, ...) do { \
    static const uint64_t want_[][3] = { __VA_ARGS__ }; \
    check_layout(set, want_, sizeof(want_) / sizeof(want_[0]), __LINE__); } while (0)

static void check_report(int i, bool protect, uint64_t vstart, uint64_t s, uint64_t e)
{
    if (!CHECK(i < nreports))
        return;
    CHECK_EQ(reports[i].protect, protect);
    CHECK_EQ(reports[i].v.start, vstart);
    CHECK_EQ(reports[i].start, s);
    CHECK_EQ(reports[i].end, e);
}

static void test_map_merge(void)
{
    struct vma_set set;
    vma_set_init(&set, &ops, NULL);
    CHECK_EQ(vma_map(&set, 0x1000, 0x4000, RW, 0, NULL, 0), 0);
    CHECK_EQ(vma_map(&set, 0x5000, 0x1000, RW, 0, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0x6000, RW });
    CHECK_EQ(vma_map(&set, 0x7000, 0x1000, RW, 0, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0x6000, RW }, { 0x7000, 0x8000, RW });
    /* Filling the hole merges all three. */
    CHECK_EQ(vma_map(&set, 0x6000, 0x1000, RW, 0, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0x8000, RW });
    /* Other protection or flags: no merge. */
    CHECK_EQ(vma_map(&set, 0x8000, 0x1000, PROT_READ, 0, NULL, 0), 0);
    CHECK_EQ(vma_map(&set, 0x9000, 0x1000, PROT_READ, VMA_STACK, NULL, 0), 0);
    CHECK_EQ(vma_map(&set, 0xa000, 0x1000, PROT_READ, VMA_STACK, NULL, 0), 0);
    CHECK_EQ(vma_map(&set, 0xb000, 0x1000, PROT_READ, VMA_HEAP, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0x8000, RW }, { 0x8000, 0x9000, PROT_READ },
           { 0x9000, 0xb000, PROT_READ }, { 0xb000, 0xc000, PROT_READ });
    CHECK_EQ(nreports, 0);
    vma_set_destroy(&set);
    CHECK_EQ(nreports, 4);
    CHECK_EQ(set.count, 0);
    CHECK(set.head == NULL);
    nreports = 0;
}

static void test_file_merge(void)
{
    struct vma_set set;
    struct tfile *a = &files[0], *b = &files[1];
    vma_set_init(&set, &ops, NULL);
    CHECK_EQ(vma_map(&set, 0x10000, 0x2000, PROT_READ, 0, a, 0), 0);
    CHECK_EQ(vma_map(&set, 0x12000, 0x1000, PROT_READ, 0, a, 0x2000), 0);
    LAYOUT(&set, { 0x10000, 0x13000, PROT_READ });
    CHECK_EQ(a->refs, 1);
    /* A gap in the file offsets, another file, anonymous: no merge. */
    CHECK_EQ(vma_map(&set, 0x13000, 0x1000, PROT_READ, 0, a, 0x5000), 0);
    CHECK_EQ(vma_map(&set, 0x14000, 0x1000, PROT_READ, 0, b, 0x6000), 0);
    CHECK_EQ(vma_map(&set, 0x15000, 0x1000, PROT_READ, 0, NULL, 0x7000), 0);
    CHECK_EQ(set.count, 4);
    CHECK_EQ(a->refs, 2);
    CHECK_EQ(b->refs, 1);
    /* Merging from below: the new VMA goes before an existing one. */
    CHECK_EQ(vma_map(&set, 0xf000, 0x1000, PROT_READ, 0, a, UINT64_MAX - 0xfff), 0);
    CHECK_EQ(set.count, 4);
    CHECK_EQ(set.head->start, 0xf000);
    CHECK_EQ(set.head->offset, UINT64_MAX - 0xfff);

    /* Unmapping the middle splits, each part with its offset and a reference. */
    CHECK_EQ(vma_unmap(&set, 0x11000, 0x1000), 0);
    check_set(&set);
    CHECK_EQ(a->refs, 3);
    struct vma *hi = vma_find(&set, 0x12000);
    CHECK(hi && hi->start == 0x12000 && hi->end == 0x13000 && hi->offset == 0x2000);
    check_report(0, false, 0xf000, 0x11000, 0x12000);
    CHECK_EQ(reports[0].v.end, 0x13000);
    CHECK_EQ(nreports, 1);
    nreports = 0;
    /* Mapping it back merges again. */
    CHECK_EQ(vma_map(&set, 0x11000, 0x1000, PROT_READ, 0, a, 0x1000), 0);
    LAYOUT(&set, { 0xf000, 0x13000, PROT_READ }, { 0x13000, 0x14000, PROT_READ },
           { 0x14000, 0x15000, PROT_READ }, { 0x15000, 0x16000, PROT_READ });
    CHECK_EQ(nreports, 0);
    vma_set_destroy(&set);
    CHECK_EQ(a->refs, 0);
    CHECK_EQ(b->refs, 0);
    nreports = 0;
}

static void test_unmap(void)
{
    struct vma_set set;
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0x1000, 0x3000, RW, 0, NULL, 0);
    vma_map(&set, 0x4000, 0x2000, PROT_READ, 0, NULL, 0);
    vma_map(&set, 0x8000, 0x2000, RW, 0, NULL, 0);
    /* Across three VMAs and two holes: one report for each piece. */
    CHECK_EQ(vma_unmap(&set, 0x2000, 0x7000), 0);
    LAYOUT(&set, { 0x1000, 0x2000, RW }, { 0x9000, 0xa000, RW });
    CHECK_EQ(nreports, 3);
    check_report(0, false, 0x1000, 0x2000, 0x4000);
    check_report(1, false, 0x4000, 0x4000, 0x6000);
    check_report(2, false, 0x8000, 0x8000, 0x9000);
    nreports = 0;
    /* Nothing there, or nothing at all: fine, and silent. */
    CHECK_EQ(vma_unmap(&set, 0x1000, 0), 0);
    CHECK_EQ(vma_unmap(&set, 0x1800, 0), 0);
    CHECK_EQ(vma_unmap(&set, 0x100000, 0x1000), 0);
    CHECK_EQ(vma_unmap(&set, 0x2000, 0x7000), 0);
    CHECK_EQ(nreports, 0);
    /* Everything. */
    CHECK_EQ(vma_unmap(&set, 0, 0x100000), 0);
    CHECK_EQ(set.count, 0);
    CHECK_EQ(nreports, 2);
    vma_set_destroy(&set);
    nreports = 0;
}

static void test_map_fixed(void)
{
    struct vma_set set;
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0x1000, 0x8000, RW, 0, NULL, 0);
    /* Inside one VMA: split in three, the middle reported. */
    CHECK_EQ(vma_map(&set, 0x3000, 0x2000, PROT_READ, 0, &files[0], 0x10000), 0);
    LAYOUT(&set, { 0x1000, 0x3000, RW }, { 0x3000, 0x5000, PROT_READ },
           { 0x5000, 0x9000, RW });
    CHECK_EQ(nreports, 1);
    check_report(0, false, 0x1000, 0x3000, 0x5000);
    nreports = 0;
    /* Over the tail of one, all of another, a hole, the head of a third. */
    vma_map(&set, 0xb000, 0x2000, PROT_EXEC, 0, NULL, 0);
    CHECK_EQ(vma_map(&set, 0x2000, 0xa000, PROT_NONE, VMA_NORESERVE, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0x2000, RW }, { 0x2000, 0xc000, PROT_NONE },
           { 0xc000, 0xd000, PROT_EXEC });
    CHECK_EQ(nreports, 4);
    check_report(0, false, 0x1000, 0x2000, 0x3000);
    check_report(1, false, 0x3000, 0x3000, 0x5000);
    CHECK(reports[1].v.file == &files[0]);
    check_report(2, false, 0x5000, 0x5000, 0x9000);
    check_report(3, false, 0xb000, 0xb000, 0xc000);
    CHECK_EQ(files[0].refs, 0);
    nreports = 0;
    /* Exactly over one VMA, merging with both sides. */
    CHECK_EQ(vma_map(&set, 0x2000, 0xa000, RW, 0, NULL, 0), 0);
    CHECK_EQ(vma_map(&set, 0xc000, 0x1000, RW, 0, NULL, 0), 0);
    LAYOUT(&set, { 0x1000, 0xd000, RW });
    CHECK_EQ(nreports, 2);
    check_report(0, false, 0x2000, 0x2000, 0xc000);
    check_report(1, false, 0xc000, 0xc000, 0xd000);
    vma_set_destroy(&set);
    nreports = 0;
}

static void test_protect(void)
{
    struct vma_set set;
    vma_set_init(&set, &ops, NULL);
    /* Committed private memory, as mm_map makes it. */
    vma_map(&set, 0x1000, 0x8000, RW, VMA_ACCOUNT, NULL, 0);
    CHECK_EQ(vma_protect(&set, 0x3000, 0x2000, PROT_READ), 0);
    LAYOUT(&set, { 0x1000, 0x3000, RW }, { 0x3000, 0x5000, PROT_READ },
           { 0x5000, 0x9000, RW });
    CHECK_EQ(nreports, 1);
    check_report(0, true, 0x1000, 0x3000, 0x5000);
    CHECK_EQ(reports[0].v.prot, RW);
    CHECK_EQ(reports[0].prot, PROT_READ);
    nreports = 0;
    /* Same protection: nothing to do, nothing told. */
    CHECK_EQ(vma_protect(&set, 0x3000, 0x1000, PROT_READ), 0);
    CHECK_EQ(vma_protect(&set, 0x1000, 0x1000, RW), 0);
    CHECK_EQ(set.count, 3);
    CHECK_EQ(nreports, 0);
    /* Spanning all three: one report per VMA that changes, all merged. */
    CHECK_EQ(vma_protect(&set, 0x2000, 0x6000, PROT_READ), 0);
    LAYOUT(&set, { 0x1000, 0x2000, RW }, { 0x2000, 0x8000, PROT_READ },
           { 0x8000, 0x9000, RW });
    CHECK_EQ(nreports, 2);
    check_report(0, true, 0x1000, 0x2000, 0x3000);
    check_report(1, true, 0x5000, 0x5000, 0x8000);
    nreports = 0;
    CHECK_EQ(vma_protect(&set, 0x1000, 0x8000, RW), 0);
    LAYOUT(&set, { 0x1000, 0x9000, RW });
    nreports = 0;

    /* A hole anywhere in the range: -ENOMEM, nothing changed or told. */
    vma_map(&set, 0xa000, 0x2000, RW, VMA_ACCOUNT, NULL, 0);
    const uint64_t holes[][2] = {
        { 0x8000, 0x3000 }, { 0x0, 0x2000 }, { 0xb000, 0x2000 },
        { 0x9000, 0x1000 }, { 0x20000, 0x1000 }, { 0x1000, 0xb000 },
    };
    for (size_t i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
        CHECK_EQ(vma_protect(&set, holes[i][0], holes[i][1], PROT_READ), -ENOMEM);
        LAYOUT(&set, { 0x1000, 0x9000, RW }, { 0xa000, 0xc000, RW });
    }
    CHECK_EQ(nreports, 0);
    /* Nothing at all. */
    CHECK_EQ(vma_protect(&set, 0x1000, 0, PROT_READ), 0);
    vma_set_destroy(&set);
    nreports = 0;

    /* A read-only private VMA made writable is committed from then on
     * (VM_ACCOUNT) and no longer merges with a never-writable neighbour,
     * even back at the same protection: /proc/self/maps shows both. */
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0x1000, 0x4000, PROT_READ, 0, NULL, 0);
    CHECK_EQ(vma_protect(&set, 0x3000, 0x2000, RW), 0);
    CHECK_EQ(vma_protect(&set, 0x3000, 0x2000, PROT_READ), 0);
    CHECK_EQ(set.count, 2);
    CHECK_EQ(set.head->next->flags, VMA_ACCOUNT);
    vma_set_destroy(&set);
    nreports = 0;
}

static void check_move(int i, uint64_t from, uint64_t to, uint64_t len)
{
    if (!CHECK(i < nmoves))
        return;
    CHECK_EQ(moves[i].from, from);
    CHECK_EQ(moves[i].to, to);
    CHECK_EQ(moves[i].len, len);
}

static void test_move(void)
{
    struct vma_set set;
    struct tfile *a = &files[0];
    vma_set_init(&set, &ops, NULL);
    /* Out of the middle, grown: the source range is removed (its pages
     * already moved), the new VMA zero-extends. */
    vma_map(&set, 0x10000, 0x8000, RW, VMA_ACCOUNT | VMA_HEAP, NULL, 0);
    CHECK_EQ(vma_move(&set, 0x12000, 0x2000, 0x30000, 0x4000, VMA_HEAP, false), 0);
    LAYOUT(&set, { 0x10000, 0x12000, RW }, { 0x14000, 0x18000, RW }, { 0x30000, 0x34000, RW });
    CHECK_EQ(nmoves, 1);
    check_move(0, 0x12000, 0x30000, 0x2000);
    CHECK_EQ(nreports, 1);
    check_report(0, false, 0x10000, 0x12000, 0x14000);
    CHECK_EQ(vma_find(&set, 0x30000)->flags, VMA_ACCOUNT);
    CHECK_EQ(vma_find(&set, 0x14000)->flags, VMA_ACCOUNT | VMA_HEAP);
    nmoves = nreports = 0;
    /* MREMAP_DONTUNMAP: the source stays, nothing unmapped. */
    CHECK_EQ(vma_move(&set, 0x10000, 0x2000, 0x40000, 0x2000, 0, true), 0);
    LAYOUT(&set, { 0x10000, 0x12000, RW }, { 0x14000, 0x18000, RW }, { 0x30000, 0x34000, RW },
           { 0x40000, 0x42000, RW });
    check_move(0, 0x10000, 0x40000, 0x2000);
    CHECK_EQ(nreports, 0);
    vma_set_destroy(&set);
    nmoves = nreports = 0;

    /* A file mapping maps on from the source's offset, with a reference. */
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0x50000, 0x4000, PROT_READ, 0, a, 0x1000);
    CHECK_EQ(vma_move(&set, 0x51000, 0x1000, 0x60000, 0x3000, 0, false), 0);
    LAYOUT(&set, { 0x50000, 0x51000, PROT_READ }, { 0x52000, 0x54000, PROT_READ },
           { 0x60000, 0x63000, PROT_READ });
    CHECK_EQ(vma_find(&set, 0x60000)->offset, 0x2000);
    CHECK(vma_find(&set, 0x60000)->file == a);
    CHECK_EQ(a->refs, 3);
    nmoves = nreports = 0;
    /* Moved back where it was, it merges again; old_len 0 only copies. */
    CHECK_EQ(vma_move(&set, 0x60000, 0x1000, 0x51000, 0x1000, 0, false), 0);
    CHECK_EQ(vma_move(&set, 0x50000, 0, 0x70000, 0x2000, 0, false), 0);
    LAYOUT(&set, { 0x50000, 0x54000, PROT_READ }, { 0x61000, 0x63000, PROT_READ },
           { 0x70000, 0x72000, PROT_READ });
    CHECK_EQ(vma_find(&set, 0x61000)->offset, 0x3000);
    CHECK_EQ(vma_find(&set, 0x70000)->offset, 0x1000);
    CHECK_EQ(nmoves, 1);
    vma_set_destroy(&set);
    CHECK_EQ(a->refs, 0);
    nmoves = nreports = 0;

    /* Over another VMA (split, the middle reported), and next to the
     * source, merging with it. */
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0x80000, 0x8000, PROT_READ, 0, NULL, 0);
    vma_map(&set, 0x90000, 0x4000, RW, 0, NULL, 0);
    CHECK_EQ(vma_move(&set, 0x90000, 0x1000, 0x82000, 0x2000, 0, false), 0);
    LAYOUT(&set, { 0x80000, 0x82000, PROT_READ }, { 0x82000, 0x84000, RW },
           { 0x84000, 0x88000, PROT_READ }, { 0x91000, 0x94000, RW });
    check_report(0, false, 0x80000, 0x82000, 0x84000);
    check_report(1, false, 0x90000, 0x90000, 0x91000);
    CHECK_EQ(vma_move(&set, 0x91000, 0x1000, 0x94000, 0x1000, 0, false), 0);
    LAYOUT(&set, { 0x80000, 0x82000, PROT_READ }, { 0x82000, 0x84000, RW },
           { 0x84000, 0x88000, PROT_READ }, { 0x92000, 0x95000, RW });
    vma_set_destroy(&set);
    nmoves = nreports = 0;

    /* Within one VMA, down: the target is cut out of it, the moved page
     * fills the hole, then the source is cut out: all three nodes used. */
    vma_set_init(&set, &ops, NULL);
    vma_map(&set, 0xb0000, 0xa000, RW, 0, NULL, 0);
    CHECK_EQ(vma_move(&set, 0xb8000, 0x1000, 0xb2000, 0x1000, 0, false), 0);
    LAYOUT(&set, { 0xb0000, 0xb8000, RW }, { 0xb9000, 0xba000, RW });
    CHECK_EQ(nreports, 2);
    check_report(0, false, 0xb0000, 0xb2000, 0xb3000);
    check_report(1, false, 0xb0000, 0xb8000, 0xb9000);
    check_move(0, 0xb8000, 0xb2000, 0x1000);
    nmoves = nreports = 0;

    /* Not within one VMA: -EFAULT, nothing changed or told. */
    CHECK_EQ(vma_move(&set, 0xb7000, 0x2000, 0xc0000, 0x2000, 0, false), -EFAULT);
    CHECK_EQ(vma_move(&set, 0xb8000, 0x1000, 0xc0000, 0x2000, 0, false), -EFAULT);
    CHECK_EQ(vma_move(&set, 0xba000, 0, 0xc0000, 0x1000, 0, false), -EFAULT);
    LAYOUT(&set, { 0xb0000, 0xb8000, RW }, { 0xb9000, 0xba000, RW });
    CHECK_EQ(nreports + nmoves, 0);
    vma_set_destroy(&set);
    nmoves = nreports = 0;
}

static void test_find(void)
{
    struct vma_set set;
    vma_set_init(&set, NULL, NULL);   /* no ops at all is fine */
    CHECK(vma_find(&set, 0x1000) == NULL);
    CHECK(vma_find_above(&set, 0) == NULL);
    CHECK(vma_range_free(&set, 0, UINT64_MAX));
    vma_map(&set, 0x10000, 0x2000, RW, 0, NULL, 0);
    vma_map(&set, 0x20000, 0x1000, PROT_READ, 0, NULL, 0);
    struct vma *a = set.head, *b = a->next;
    CHECK(vma_find(&set, 0x10000) == a);
    CHECK(vma_find(&set, 0x11fff) == a);
    CHECK(set.cache == a);
    CHECK(vma_find(&set, 0x12000) == NULL);
    CHECK(vma_find(&set, 0xffff) == NULL);
    CHECK(vma_find(&set, 0x20fff) == b);
    CHECK(set.cache == b);
    /* The cache must not hide lower VMAs. */
    CHECK(vma_find(&set, 0x10000) == a);
    CHECK(vma_find_above(&set, 0) == a);
    CHECK(vma_find_above(&set, 0x11fff) == a);
    CHECK(vma_find_above(&set, 0x12000) == b);
    CHECK(vma_find_above(&set, 0x21000) == NULL);
    CHECK(vma_range_free(&set, 0x12000, 0xe000));
    CHECK(!vma_range_free(&set, 0x12000, 0xe001));
    CHECK(!vma_range_free(&set, 0xf000, 0x1001));
    CHECK(vma_range_free(&set, 0xf000, 0x1000));
    CHECK(!vma_range_free(&set, 0x11000, 1));
    CHECK(vma_range_free(&set, 0x21000, 0x1000));
    CHECK(!vma_range_free(&set, 0x21000, UINT64_MAX));   /* wraps */
    /* Unmapping the cached VMA forgets it. */
    CHECK(vma_find(&set, 0x20000) == b);
    vma_unmap(&set, 0x20000, 0x1000);
    CHECK(set.cache == NULL);
    vma_set_destroy(&set);
}

static void test_find_free(void)
{
    struct vma_set set;
    vma_set_init(&set, &ops, NULL);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x10000, 0x20000), 0x1f000);
    CHECK_EQ(vma_find_free(&set, 0x10000, 0x10000, 0x20000), 0x10000);
    CHECK_EQ(vma_find_free(&set, 0x10001, 0x10000, 0x20000), 0);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x10000, 0x20800), 0x1f000);   /* hi rounds down */
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x20000, 0x10000), 0);         /* lo > hi */
    CHECK_EQ(vma_find_free(&set, 0, 0x10000, 0x20000), 0);
    /* Gaps (in pages from 0x10): [10,12) used, [12,15) free, [15,16) used,
     * [16,18) free, [18,1c) used, [1c,20) free. */
    vma_map(&set, 0x10000, 0x2000, RW, 0, NULL, 0);
    vma_map(&set, 0x15000, 0x1000, RW, 0, &files[0], 0);
    vma_map(&set, 0x18000, 0x4000, PROT_NONE, 0, NULL, 0);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x10000, 0x20000), 0x1f000);
    CHECK_EQ(vma_find_free(&set, 0x4000, 0x10000, 0x20000), 0x1c000);
    CHECK_EQ(vma_find_free(&set, 0x5000, 0x10000, 0x20000), 0);
    CHECK_EQ(vma_find_free(&set, 0x3000, 0x10000, 0x20000), 0x1d000);
    CHECK_EQ(vma_find_free(&set, 0x3000, 0x10000, 0x1e000), 0x12000);
    CHECK_EQ(vma_find_free(&set, 0x2000, 0x10000, 0x1c000), 0x16000);
    CHECK_EQ(vma_find_free(&set, 0x2000, 0x10000, 0x17fff), 0x13000);
    CHECK_EQ(vma_find_free(&set, 0x2000, 0x10000, 0x15000), 0x13000);
    CHECK_EQ(vma_find_free(&set, 0x2000, 0x13800, 0x15000), 0);   /* lo rounds up */
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x13800, 0x15000), 0x14000);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x10000, 0x12000), 0);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x0, 0x12000), 0xf000);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x22000, UINT64_MAX), UINT64_MAX - 0x1fff);
    CHECK_EQ(vma_find_free(&set, 0x1000, 0x1000, 0x11000), 0xf000);
    vma_set_destroy(&set);
    nreports = 0;
}

/* -ENOMEM at each allocation an operation makes: nothing changed or told;
 * with enough memory, the operation goes through. */
static void test_enomem(void)
{
    unsigned long live = host_alloc_live;
    struct { int op; uint64_t start, len; int allocs; } cases[] = {
        { 0, 0x3000, 0x1000, 2 },    /* map inside: new VMA and a split */
        { 0, 0x8000, 0x2000, 1 },    /* map over an end: new VMA only */
        { 1, 0x3000, 0x1000, 1 },    /* unmap inside: a split */
        { 1, 0x1000, 0x1000, 0 },    /* unmap an end: nothing */
        { 2, 0x3000, 0x1000, 2 },    /* protect inside: two splits */
        { 2, 0x1000, 0x1000, 1 },    /* protect an end: one split */
        { 2, 0x1000, 0x8000, 0 },    /* protect all: none */
        { 3, 0x3000, 0x1000, 3 },    /* move: the VMA and two splits, always */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int fail = 1; fail <= cases[i].allocs + 1; fail++) {
            struct vma_set s2;
            vma_set_init(&s2, &ops, NULL);
            vma_map(&s2, 0x1000, 0x8000, RW, 0, &files[1], 0);
            nreports = 0;
            host_alloc_fail_in = fail;
            int r;
            uint64_t st = cases[i].start, len = cases[i].len;
            if (cases[i].op == 0)
                r = vma_map(&s2, st, len, PROT_READ, 0, NULL, 0);
            else if (cases[i].op == 1)
                r = vma_unmap(&s2, st, len);
            else if (cases[i].op == 3)
                r = vma_move(&s2, st, len, 0x20000, len, 0, false);
            else
                r = vma_protect(&s2, st, len, PROT_READ);
            bool fails = fail <= cases[i].allocs;
            host_alloc_fail_in = 0;
            CHECK_EQ(r, fails ? -ENOMEM : 0);
            if (fails) {
                LAYOUT(&s2, { 0x1000, 0x9000, RW });
                CHECK_EQ(nreports + nmoves, 0);
            }
            nmoves = 0;
            check_set(&s2);
            vma_set_destroy(&s2);
        }
    }
    CHECK_EQ(host_alloc_live, live);
    nreports = 0;
}

/* The random run. The model: one entry per page of [BASE, BASE + NPAGES). */
#define BASE 0x400000ULL
#define NPAGES 200
struct mpage {
    bool mapped;
    uint32_t prot, flags;
    void *file;
    uint64_t offset;   /* file offset of the page */
};
static struct mpage model[NPAGES];
static int told[NPAGES];   /* reports covering each page in the last operation */

static uint64_t page_addr(int p)
{
    return BASE + p * PAGE;
}

static void check_model(struct vma_set *set)
{
    check_set(set);
    int p = 0;
    for (struct vma *v = set->head; v; v = v->next) {
        CHECK(v->start >= BASE && v->end <= page_addr(NPAGES));
        for (; page_addr(p) < v->start; p++)
            CHECK(!model[p].mapped);
        for (; page_addr(p) < v->end; p++) {
            struct mpage *m = &model[p];
            CHECK(m->mapped && m->prot == v->prot && m->flags == v->flags &&
                  m->file == v->file);
            if (v->file)
                CHECK_EQ(m->offset, v->offset + (page_addr(p) - v->start));
        }
    }
    for (; p < NPAGES; p++)
        CHECK(!model[p].mapped);
}

/* Adds the last operation's reports to told[], checking each against the
 * model as it was before the operation. */
static void tally_reports(void)
{
    for (int i = 0; i < nreports; i++) {
        struct report *r = &reports[i];
        for (uint64_t a = r->start; a < r->end; a += PAGE) {
            int p = (a - BASE) / PAGE;
            struct mpage *m = &model[p];
            told[p]++;
            CHECK(m->mapped && m->prot == r->v.prot && m->flags == r->v.flags &&
                  m->file == r->v.file);
            if (r->v.file)
                CHECK_EQ(m->offset, r->v.offset + (a - r->v.start));
        }
    }
}

/* A move of part of the VMA holding page p (when there is one) to a free
 * or mapped place of at least that size; MREMAP_DONTUNMAP now and then. */
static int random_move(struct vma_set *set, int p)
{
    struct vma *v = vma_find(set, page_addr(p));
    if (!v)
        return 0;
    int n = 1 + rand() % (int)((v->end - page_addr(p)) / PAGE);
    int m = n + rand() % 3;
    int q = rand() % (NPAGES - m + 1);
    if (q < p + n && q + m > p)
        return 0;                       /* mremap refuses overlaps */
    bool keep = rand() % 4 == 0;
    uint32_t clear = rand() % 2 ? VMA_HEAP | VMA_STACK : 0;
    struct mpage src = model[p];
    int r = vma_move(set, page_addr(p), n * PAGE, page_addr(q), m * PAGE, clear, keep);
    tally_reports();
    if (r)
        return r;
    CHECK_EQ(nmoves, 1);
    check_move(0, page_addr(p), page_addr(q), n * PAGE);
    for (int i = 0; i < NPAGES; i++) {
        bool target = i >= q && i < q + m, source = i >= p && i < p + n && !keep;
        CHECK_EQ(told[i], (target || source) && model[i].mapped);
        if (source)
            model[i].mapped = false;
    }
    for (int i = q; i < q + m; i++)
        model[i] = (struct mpage){ true, src.prot, src.flags & ~clear, src.file,
                                   src.offset + (i - q) * PAGE };
    return 0;
}

static const uint32_t rand_flags[] = { 0, 0, 0, VMA_SHARED, VMA_STACK, VMA_HEAP, VMA_NORESERVE };

static void random_op(struct vma_set *set)
{
    int p = rand() % NPAGES;
    int n = 1 + (rand() % 4 == 0 ? rand() % (NPAGES - p) : rand() % 8 % (NPAGES - p));
    int op = rand() % 11;
    uint32_t prot = rand() % 8;
    int fail = rand() % 20 == 0 ? 1 + rand() % 2 : 0;
    nreports = 0;
    memset(told, 0, sizeof(told));
    host_alloc_fail_in = fail;
    int r;
    if (op < 5) {
        uint32_t flags = rand_flags[rand() % 7];
        void *file = rand() % 3 ? NULL : &files[rand() % 3];
        /* Offsets that follow the address make merges common. */
        uint64_t off = rand() % 2 ? page_addr(p) - BASE : (uint64_t)(rand() % 64) * PAGE;
        r = vma_map(set, page_addr(p), n * PAGE, prot, flags, file, off);
        tally_reports();
        if (r == 0)
            for (int i = p; i < p + n; i++) {
                CHECK_EQ(told[i], model[i].mapped);
                model[i] = (struct mpage){ true, prot, flags, file, off + (i - p) * PAGE };
            }
    } else if (op < 7) {
        r = vma_unmap(set, page_addr(p), n * PAGE);
        tally_reports();
        if (r == 0)
            for (int i = p; i < p + n; i++) {
                CHECK_EQ(told[i], model[i].mapped);
                model[i].mapped = false;
            }
    } else if (op == 10) {
        nmoves = 0;
        r = random_move(set, p);
    } else {
        bool hole = false;
        for (int i = p; i < p + n; i++)
            hole |= !model[i].mapped;
        r = vma_protect(set, page_addr(p), n * PAGE, prot);
        tally_reports();
        if (hole)
            CHECK_EQ(r, -ENOMEM);
        if (r == 0)
            for (int i = p; i < p + n; i++) {
                CHECK_EQ(told[i], model[i].prot != prot);
                /* Linux's VM_ACCOUNT rule: private memory becoming writable. */
                if ((prot & PROT_WRITE) && !(model[i].prot & PROT_WRITE) &&
                    !(model[i].flags & (VMA_ACCOUNT | VMA_SHARED | VMA_NORESERVE)))
                    model[i].flags |= VMA_ACCOUNT;
                model[i].prot = prot;
            }
    }
    host_alloc_fail_in = 0;
    CHECK(r == 0 || (r == -ENOMEM && (fail || op >= 7)));
    if (r != 0)
        CHECK_EQ(nreports, 0);
    for (int i = 0; i < NPAGES; i++)
        CHECK(told[i] <= 1);
}

/* Queries against the model at random places. */
static void random_queries(struct vma_set *set)
{
    int p = rand() % NPAGES;
    uint64_t addr = page_addr(p) + rand() % PAGE;
    struct vma *v = vma_find(set, addr);
    CHECK(model[p].mapped ? v && v->start <= addr && addr < v->end : v == NULL);

    int n = 1 + rand() % 16;
    if (p + n > NPAGES)
        n = NPAGES - p;
    bool free_ = true;
    for (int i = p; i < p + n; i++)
        free_ &= !model[i].mapped;
    CHECK_EQ(vma_range_free(set, page_addr(p), n * PAGE), free_);

    /* Highest page s in [lo, hi) with n free pages, by brute force. */
    int lo = rand() % NPAGES, hi = lo + rand() % (NPAGES - lo + 1);
    uint64_t want = 0;
    for (int s = hi - n; s >= lo && !want; s--) {
        bool ok = true;
        for (int i = s; i < s + n; i++)
            ok &= !model[i].mapped;
        if (ok)
            want = page_addr(s);
    }
    uint64_t slack = rand() % 2 ? rand() % PAGE : 0;   /* hi need not be aligned */
    CHECK_EQ(vma_find_free(set, n * PAGE, page_addr(lo), page_addr(hi) + slack), want);
}

static void test_random(void)
{
    struct vma_set set;
    unsigned long live = host_alloc_live;
    vma_set_init(&set, &ops, NULL);
    srand(3);
    for (int i = 0; i < 100000; i++) {
        random_op(&set);
        check_model(&set);
        random_queries(&set);
        CHECK_BAIL();
    }
    nreports = 0;
    memset(told, 0, sizeof(told));
    vma_set_destroy(&set);
    tally_reports();
    for (int i = 0; i < NPAGES; i++)
        CHECK_EQ(told[i], model[i].mapped);
    for (int f = 0; f < 3; f++)
        CHECK_EQ(files[f].refs, 0);
    CHECK_EQ(host_alloc_live, live);
}

int main(void)
{
    test_map_merge();
    test_file_merge();
    test_unmap();
    test_map_fixed();
    test_protect();
    test_move();
    test_find();
    test_find_free();
    test_enomem();
    test_random();
    check_done("test_vma");
}
