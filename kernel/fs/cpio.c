/* cpio "newc" (and "crc") archive parser. The archive is untrusted: every
 * offset is checked against the remaining size before it is used, in a form
 * that cannot overflow. */
#include "fs/cpio.h"
#include <stdbool.h>
#include "lib/errno.h"
#include "lib/string.h"

#define HDR_LEN 110          /* 6-byte magic + 13 fields of 8 hex digits */
#define NFIELDS 13

enum {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
    F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

static const char trailer[] = "TRAILER!!!";

static bool all_nul(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* 8 hex digits (either case) into *out; -1 on any other character. */
static int parse_hex8(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* Advances *off to the next multiple of 4; -1 if that passes size. */
static int align4(size_t *off, size_t size)
{
    size_t pad = (4 - (*off & 3)) & 3;
    if (pad > size - *off)
        return -1;
    *off += pad;
    return 0;
}

/* Decodes the header at the start of hdr into f[]: -1 unless the magic is
 * "070701" (newc) or "070702" (newc with checksums we do not verify). */
static int parse_header(const char *hdr, uint32_t f[NFIELDS])
{
    if (memcmp(hdr, "07070", 5) != 0 || (hdr[5] != '1' && hdr[5] != '2'))
        return -1;
    for (int i = 0; i < NFIELDS; i++)
        if (parse_hex8(hdr + 6 + 8 * i, &f[i]) < 0)
            return -1;
    return 0;
}

int cpio_parse(const void *archive, size_t size,
               int (*cb)(void *ctx, const struct cpio_entry *e), void *ctx)
{
    const char *base = archive;
    size_t off = 0;

    /* Invariant: off <= size, so size - off never wraps. */
    for (;;) {
        uint32_t f[NFIELDS];
        if (size - off < HDR_LEN || parse_header(base + off, f) < 0)
            return -EINVAL;
        off += HDR_LEN;

        size_t namesize = f[F_NAMESIZE];   /* includes the NUL */
        const char *name = base + off;
        /* The name may be followed by more NULs than one (and nothing
         * else): egg pads names so that the data of large files starts
         * page-aligned. */
        if (namesize == 0 || namesize > size - off)
            return -EINVAL;
        size_t namelen = strnlen(name, namesize);
        if (namelen == namesize || !all_nul(name + namelen, namesize - namelen))
            return -EINVAL;
        off += namesize;
        if (namelen == sizeof(trailer) - 1 && memcmp(name, trailer, namelen) == 0)
            return 0;

        size_t filesize = f[F_FILESIZE];
        if (align4(&off, size) < 0 || filesize > size - off)
            return -EINVAL;

        struct cpio_entry e = {
            .name = name, .namelen = namelen,
            .ino = f[F_INO], .mode = f[F_MODE], .uid = f[F_UID],
            .gid = f[F_GID], .nlink = f[F_NLINK], .mtime = f[F_MTIME],
            .devmajor = f[F_DEVMAJOR], .devminor = f[F_DEVMINOR],
            .rdevmajor = f[F_RDEVMAJOR], .rdevminor = f[F_RDEVMINOR],
            .data = base + off, .size = filesize,
        };
        int r = cb(ctx, &e);
        if (r != 0)
            return r;
        off += filesize;
        if (align4(&off, size) < 0)
            return -EINVAL;
    }
}
