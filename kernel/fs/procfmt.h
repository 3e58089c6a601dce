/* Line formats of /proc files that programs parse, kept pure so that host
 * tests can hold them to Linux's bytes. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Linux's dev_t encoding (new_encode_dev): what st_dev shows. */
static inline uint64_t dev_encode(uint32_t major, uint32_t minor)
{
    return (minor & 0xffu) | ((uint64_t)major << 8) | ((uint64_t)(minor & ~0xffu) << 12);
}
static inline uint32_t dev_major(uint64_t dev) { return (uint32_t)((dev >> 8) & 0xfff); }
static inline uint32_t dev_minor(uint64_t dev) { return (uint32_t)((dev & 0xff) | ((dev >> 12) & 0xfff00)); }

/* One line of /proc/<pid>/maps with its '\n', exactly as Linux's
 * show_map_vma: the fields, then for a named mapping spaces up to column
 * 72 and one more before the name. prot holds PROT_* bits. Returns the
 * length the line has (snprintf semantics: cut short if cap is too small). */
int maps_format_line(char *buf, size_t cap, uint64_t start, uint64_t end, uint32_t prot,
                     bool shared, uint64_t off, uint64_t dev_major, uint64_t dev_minor,
                     uint64_t ino, const char *name);
