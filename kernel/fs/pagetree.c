/* The radix tree of fs/pagetree.h. A node is a 4096-byte array of 512
 * entries: child node pointers inside, values at the bottom level. */
#include "fs/pagetree.h"
#include "lib/alloc.h"
#include "lib/string.h"

#define FANOUT 512
#define SHIFT 9

static uint64_t *node_new(void)
{
    return kzalloc(FANOUT * sizeof(uint64_t));
}

/* Pages a subtree of this height spans (height 0: one value). */
static uint64_t span(int height)
{
    return (uint64_t)1 << (SHIFT * height);
}

static unsigned slot_of(uint64_t index, int level)
{
    return (unsigned)(index >> (SHIFT * level)) & (FANOUT - 1);
}

uint64_t pagetree_get(const struct pagetree *t, uint64_t index)
{
    if (!t->root || index >= span(t->height))
        return 0;
    uint64_t *node = t->root;
    for (int level = t->height - 1; level > 0; level--) {
        node = (uint64_t *)node[slot_of(index, level)];
        if (!node)
            return 0;
    }
    return node[slot_of(index, 0)];
}

/* Adds levels on top until index fits. */
static bool grow(struct pagetree *t, uint64_t index)
{
    if (!t->root) {
        if (!(t->root = node_new()))
            return false;
        t->height = 1;
    }
    while (index >= span(t->height)) {
        uint64_t *top = node_new();
        if (!top)
            return false;
        top[0] = (uint64_t)t->root;
        t->root = top;
        t->height++;
    }
    return true;
}

uint64_t *pagetree_slot(struct pagetree *t, uint64_t index)
{
    if (index >= span(PAGETREE_MAX_HEIGHT) || !grow(t, index))
        return NULL;
    uint64_t *node = t->root;
    for (int level = t->height - 1; level > 0; level--) {
        uint64_t *slot = &node[slot_of(index, level)];
        if (!*slot && !(*slot = (uint64_t)node_new()))
            return NULL;
        node = (uint64_t *)*slot;
    }
    return &node[slot_of(index, 0)];
}

/* Removes [from, to) from the subtree `node` of `height` levels that
 * starts at page `base`; true when it is left empty (and freed). */
static bool remove_node(uint64_t *node, int height, uint64_t base, uint64_t from, uint64_t to,
                        void (*put)(uint64_t))
{
    bool empty = true;
    uint64_t child_span = span(height - 1);
    for (unsigned i = 0; i < FANOUT; i++) {
        uint64_t start = base + i * child_span;
        if (!node[i])
            continue;
        if (start + child_span <= from || start >= to) {       /* wholly kept */
            empty = false;
            continue;
        }
        if (height == 1) {
            put(node[i]);
            node[i] = 0;
        } else if (remove_node((uint64_t *)node[i], height - 1, start, from, to, put)) {
            node[i] = 0;
        } else {
            empty = false;
        }
    }
    if (empty)
        kfree(node);
    return empty;
}

void pagetree_remove(struct pagetree *t, uint64_t from, uint64_t to, void (*put)(uint64_t))
{
    if (t->root && from < to && remove_node(t->root, t->height, 0, from, to, put)) {
        t->root = NULL;
        t->height = 0;
    }
}

void pagetree_truncate(struct pagetree *t, uint64_t from, void (*put)(uint64_t))
{
    pagetree_remove(t, from, UINT64_MAX, put);
}
