/* The /proc line formats of fs/procfmt.h. */
#include "fs/procfmt.h"
#include "lib/printf.h"
#include "mm/vma.h"

#define MAPS_NAME_COLUMN 72    /* seq_setwidth(m, 25 + sizeof(void *) * 6 - 1) */

int maps_format_line(char *buf, size_t cap, uint64_t start, uint64_t end, uint32_t prot,
                     bool shared, uint64_t off, uint64_t dev_major, uint64_t dev_minor,
                     uint64_t ino, const char *name)
{
    int n = ksnprintf(buf, cap, "%08lx-%08lx %c%c%c%c %08lx %02lx:%02lx %lu ",
                      start, end, (prot & PROT_READ) ? 'r' : '-', (prot & PROT_WRITE) ? 'w' : '-',
                      (prot & PROT_EXEC) ? 'x' : '-', shared ? 's' : 'p', off, dev_major, dev_minor, ino);
    if (name && name[0]) {
        int pad = n < MAPS_NAME_COLUMN ? MAPS_NAME_COLUMN - n : 0;
        size_t at = (size_t)n < cap ? (size_t)n : cap;
        n += ksnprintf(buf + at, cap - at, "%*s %s", pad, "", name);
    }
    size_t at = (size_t)n < cap ? (size_t)n : cap;
    return n + ksnprintf(buf + at, cap - at, "\n");
}
