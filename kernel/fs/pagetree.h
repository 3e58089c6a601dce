/* A sparse array of page frames indexed by page number within a file: a
 * radix tree of 512-way nodes (like page tables) that grows in height as
 * the file's largest index needs, so holes cost nothing. Pure: unit-tested
 * on the host. Not locked: the owning file system's lock guards it. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PAGETREE_MAX_HEIGHT 6        /* 12 + 6 * 9 bits: every offset below 2^63 */

struct pagetree {
    uint64_t *root;                  /* NULL when empty */
    int height;                      /* levels below root; covers 512^height pages */
};

/* The value at index (a frame's physical address), 0 for a hole. */
uint64_t pagetree_get(const struct pagetree *t, uint64_t index);
/* The slot for index, creating nodes on the way: NULL when out of memory
 * (the tree is unchanged but may have grown in height). */
uint64_t *pagetree_slot(struct pagetree *t, uint64_t index);
/* Removes every value at index >= from, handing each to put, and frees the
 * nodes that hold nothing below from. from = 0 empties the tree. */
void pagetree_truncate(struct pagetree *t, uint64_t from, void (*put)(uint64_t value));
/* Removes the values at index in [from, to) likewise (a punched hole). */
void pagetree_remove(struct pagetree *t, uint64_t from, uint64_t to, void (*put)(uint64_t value));
