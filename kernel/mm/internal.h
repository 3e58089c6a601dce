/* What the files of mm/ share with each other and nothing else sees. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct mm;

/* Linux's heuristic overcommit for private writable memory (VM_ACCOUNT):
 * may len more bytes be committed? One request larger than all RAM fails. */
bool mm_may_commit(uint64_t len);
/* Where len bytes go without MAP_FIXED: the hint when that range is free
 * and within the mmap area, else the highest free range there; 0 when
 * none fits. mm->lock held. */
uint64_t mm_free_area(struct mm *mm, uint64_t hint, uint64_t len);
/* Creates the page tables at [to, to+len) for every page of [from,
 * from+len), so that moving the PTEs (vma_move) cannot fail half-way:
 * 0 or -ENOMEM. mm->lock held. */
int mm_prepare_move(struct mm *mm, uint64_t from, uint64_t to, uint64_t len);
