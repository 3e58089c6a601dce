/* A FIFO of bytes in blocks allocated as data arrives and freed as it is
 * taken (lib/bytering.h). */
#include "lib/bytering.h"
#include "lib/alloc.h"
#include "lib/kernel.h"
#include "lib/string.h"

void bytering_init(struct bytering *r, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->nblocks = (uint32_t)(cap / BYTERING_BLOCK);
}

static char **slot(const struct bytering *r, uint64_t x)
{
    return (char **)&r->block[(x / BYTERING_BLOCK) % r->nblocks];
}

size_t bytering_put(struct bytering *r, const char *src, size_t n)
{
    n = MIN(n, bytering_room(r));
    if (n == 0)
        return 0;
    /* Every block first, so that a failed allocation puts nothing; one
     * allocated here and left unused is freed when the ring drains. */
    uint64_t end = r->head + n;
    for (uint64_t x = ALIGN_DOWN(r->head, BYTERING_BLOCK); x < end; x += BYTERING_BLOCK)
        if (!*slot(r, x) && !(*slot(r, x) = kmalloc(BYTERING_BLOCK)))
            return 0;
    for (size_t done = 0; done < n;) {
        uint64_t x = r->head + done;
        size_t in = MIN(n - done, BYTERING_BLOCK - x % BYTERING_BLOCK);
        memcpy(*slot(r, x) + x % BYTERING_BLOCK, src + done, in);
        done += in;
    }
    r->head = end;
    return n;
}

size_t bytering_peek(const struct bytering *r, size_t skip, char *dst, size_t n)
{
    size_t used = bytering_used(r);
    n = skip >= used ? 0 : MIN(n, used - skip);
    for (size_t done = 0; done < n;) {
        uint64_t x = r->tail + skip + done;
        size_t in = MIN(n - done, BYTERING_BLOCK - x % BYTERING_BLOCK);
        memcpy(dst + done, *slot(r, x) + x % BYTERING_BLOCK, in);
        done += in;
    }
    return n;
}

static void free_block(struct bytering *r, uint64_t x)
{
    kfree(*slot(r, x));
    *slot(r, x) = NULL;
}

void bytering_drop(struct bytering *r, size_t n)
{
    uint64_t from = r->tail;
    r->tail += n;
    /* The blocks wholly taken, unless the back of a full ring has reached
     * the same slot; then all of them if nothing is left. */
    for (uint64_t x = ALIGN_DOWN(from, BYTERING_BLOCK); x + BYTERING_BLOCK <= r->tail;
         x += BYTERING_BLOCK)
        if (r->head <= x + bytering_cap(r))
            free_block(r, x);
    if (r->head == r->tail)
        bytering_free(r);
}

void bytering_free(struct bytering *r)
{
    for (uint32_t i = 0; i < r->nblocks; i++) {
        kfree(r->block[i]);
        r->block[i] = NULL;
    }
}
