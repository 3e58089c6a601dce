/* A FIFO of bytes with a fixed capacity, kept in 4 KiB blocks that exist
 * only while they hold bytes (as Linux's pipe_buffer pages and a socket's
 * skbs): an idle pipe or socket costs no buffer memory. Pure: unit-tested
 * on the host. Not locked: the owner's lock guards it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BYTERING_BLOCK 4096
#define BYTERING_MAX_BLOCKS 32       /* 128 KiB */

struct bytering {
    uint64_t head, tail;             /* bytes ever put and taken */
    uint32_t nblocks;                /* capacity in blocks */
    /* block[(x / BYTERING_BLOCK) % nblocks] holds byte x, or is NULL */
    char *block[BYTERING_MAX_BLOCKS];
};

/* An empty ring of cap bytes (a multiple of BYTERING_BLOCK, at most
 * BYTERING_MAX_BLOCKS blocks). */
void bytering_init(struct bytering *r, size_t cap);
static inline size_t bytering_cap(const struct bytering *r)
{
    return (size_t)r->nblocks * BYTERING_BLOCK;
}
static inline size_t bytering_used(const struct bytering *r) { return (size_t)(r->head - r->tail); }
static inline size_t bytering_room(const struct bytering *r)
{
    return bytering_cap(r) - bytering_used(r);
}
/* Appends min(n, room) bytes of src, all or none: the count, 0 when a
 * block could not be allocated (or there is no room). */
size_t bytering_put(struct bytering *r, const char *src, size_t n);
/* Copies up to n bytes from skip bytes past the front into dst, leaving
 * them there: the count. */
size_t bytering_peek(const struct bytering *r, size_t skip, char *dst, size_t n);
/* Takes n (<= used) bytes off the front, freeing the blocks they leave
 * empty. */
void bytering_drop(struct bytering *r, size_t n);
/* Frees every block; the ring is empty. */
void bytering_free(struct bytering *r);
