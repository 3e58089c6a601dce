/* The Multiboot 2 boot information (GRUB's `multiboot2`): a size, then
 * tags of (type, size, payload), each 8-byte aligned, up to an end tag.
 * Pure: it reads only the bytes it is given, every length checked before
 * use, so the host tests (tests/test_mb2.c) feed it corrupt input. */
#include "arch/x86_64/boot.h"
#include "lib/string.h"

enum {
    TAG_END = 0, TAG_CMDLINE = 1, TAG_MODULE = 3, TAG_MMAP = 6,
    TAG_FRAMEBUFFER = 8, TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

#define MMAP_AVAILABLE 1
#define FB_TYPE_RGB 1
#define RSDP_V1_LEN 20

struct tag { uint32_t type, size; };
struct tag_module { struct tag t; uint32_t start, end; char cmdline[]; };
struct tag_mmap { struct tag t; uint32_t entry_size, entry_version; };
struct mmap_entry { uint64_t base, len; uint32_t type, reserved; };
struct tag_fb {
    struct tag t;
    uint64_t addr;
    uint32_t pitch, width, height;
    uint8_t bpp, type;
    uint16_t reserved;
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
} __attribute__((packed));

/* A string inside a tag that may lack its NUL: at most n bytes of it. */
static void copy_str(char *dst, size_t cap, const char *src, size_t n)
{
    size_t len = strnlen(src, n < cap ? n : cap - 1);
    memcpy(dst, src, len);
    dst[len] = 0;
}

static void parse_mmap(const struct tag_mmap *m, struct boot_info *bi)
{
    /* entry_size may grow in later versions: step by it, read our part. */
    if (m->t.size < sizeof(*m) || m->entry_size < sizeof(struct mmap_entry) || m->entry_size % 8)
        return;
    const uint8_t *p = (const uint8_t *)(m + 1);
    for (uint32_t left = m->t.size - sizeof(*m); left >= m->entry_size; left -= m->entry_size) {
        struct mmap_entry e;
        memcpy(&e, p, sizeof e);
        if (e.type == MMAP_AVAILABLE)
            boot_add_ram(bi, e.base, e.len);
        p += m->entry_size;
    }
}

/* Only direct-colour modes: an EGA text "framebuffer" or a palette is
 * nothing /dev/fb0 can offer. */
static void parse_fb(const struct tag_fb *f, struct boot_info *bi)
{
    if (f->t.size < sizeof(*f) || f->type != FB_TYPE_RGB || !f->addr || !f->width || !f->height)
        return;
    if ((f->bpp != 16 && f->bpp != 24 && f->bpp != 32) || f->pitch < (uint64_t)f->width * (f->bpp / 8))
        return;
    bi->fb = (struct boot_fb){
        .phys = f->addr, .pitch = f->pitch, .width = f->width, .height = f->height, .bpp = f->bpp,
        .red_pos = f->red_pos, .red_size = f->red_size, .green_pos = f->green_pos,
        .green_size = f->green_size, .blue_pos = f->blue_pos, .blue_size = f->blue_size,
    };
}

/* The tags carry a copy of the RSDP. The ACPI 2.0 one wins: it has the
 * XSDT's 64-bit address. */
static void parse_rsdp(const struct tag *t, struct boot_info *bi)
{
    uint32_t n = t->size - sizeof(*t);
    if (n < RSDP_V1_LEN || (t->type == TAG_ACPI_OLD && bi->rsdp_copy_len > RSDP_V1_LEN))
        return;
    if (n > sizeof(bi->rsdp_copy))
        n = sizeof(bi->rsdp_copy);
    memcpy(bi->rsdp_copy, t + 1, n);
    bi->rsdp_copy_len = n;
}

static void parse_tag(const struct tag *t, struct boot_info *bi)
{
    switch (t->type) {
    case TAG_CMDLINE:
        copy_str(bi->cmdline, sizeof(bi->cmdline), (const char *)(t + 1), t->size - sizeof(*t));
        break;
    case TAG_MODULE: {
        const struct tag_module *m = (const void *)t;
        /* The first module is the initramfs; later ones are ignored. */
        if (t->size >= sizeof(*m) && m->end > m->start && !bi->initrd_len) {
            bi->initrd_phys = m->start;
            bi->initrd_len = m->end - m->start;
        }
        break;
    }
    case TAG_MMAP:
        parse_mmap((const void *)t, bi);
        break;
    case TAG_FRAMEBUFFER:
        parse_fb((const void *)t, bi);
        break;
    case TAG_ACPI_OLD:
    case TAG_ACPI_NEW:
        parse_rsdp(t, bi);
        break;
    }
}

int mb2_parse(const void *info, uint64_t cap, struct boot_info *bi)
{
    uint32_t hdr[2];
    if (cap < sizeof hdr)
        return -1;
    memcpy(hdr, info, sizeof hdr);
    uint64_t total = hdr[0];
    if (total < sizeof hdr || total > cap)
        return -1;
    bi->protocol = "multiboot2";
    const uint8_t *base = info;
    for (uint64_t off = 8; off + sizeof(struct tag) <= total;) {
        const struct tag *t = (const void *)(base + off);
        if (t->size < sizeof(*t) || t->size > total - off || t->type == TAG_END)
            break;
        parse_tag(t, bi);
        off += (t->size + 7ull) & ~7ull;
    }
    return 0;
}
