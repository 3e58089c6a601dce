/* Every user pointer goes through these. A bad pointer (unmapped, kernel
 * address, no permission) gives -EFAULT, never a kernel fault: a fault
 * inside the copy is resolved by the page-fault handler (demand paging) or
 * redirected to the copy's fixup through the exception table. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define __user

#define USER_TOP 0x0000800000000000ul   /* first non-user address */
/* Linux's TASK_SIZE_MAX: the end of every user mapping and the limit on
 * addresses the CPU would load later (a TLS base, an rseq abort handler),
 * one page below USER_TOP, so that no instruction ends at the canonical
 * boundary. */
#define TASK_SIZE_MAX (USER_TOP - 4096)

/* 0 or -EFAULT. */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
int clear_user(void __user *dst, size_t n);
/* Copies a NUL-terminated string of at most max-1 chars + NUL: its length,
 * -EFAULT, or -ENAMETOOLONG if no NUL within max bytes. */
long strncpy_from_user(char *dst, const char __user *src, size_t max);

static inline bool user_range_ok(const void __user *p, size_t n)
{
    uint64_t a = (uint64_t)p;
    return a + n >= a && a + n <= USER_TOP;
}

/* Helpers for single values. */
#define get_user(var, uptr) copy_from_user(&(var), (uptr), sizeof(var))
#define put_user(val, uptr) ({ __typeof__(*(uptr)) __v = (val); copy_to_user((uptr), &__v, sizeof(__v)); })
