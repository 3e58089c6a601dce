/* The checked entry points of user copies (the copying is copy_user.S). */
#include "mm/uaccess.h"
#include "lib/errno.h"

long copy_user_raw(void *dst, const void *src, size_t n);
long clear_user_raw(void *dst, size_t n);
long strncpy_user_raw(char *dst, const char *src, size_t max);

int copy_from_user(void *dst, const void __user *src, size_t n)
{
    if (!user_range_ok(src, n))
        return -EFAULT;
    return n ? (int)copy_user_raw(dst, src, n) : 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
    if (!user_range_ok(dst, n))
        return -EFAULT;
    return n ? (int)copy_user_raw(dst, src, n) : 0;
}

int clear_user(void __user *dst, size_t n)
{
    if (!user_range_ok(dst, n))
        return -EFAULT;
    return n ? (int)clear_user_raw(dst, n) : 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
    uint64_t a = (uint64_t)src;
    if (a >= USER_TOP)
        return -EFAULT;
    /* Never read past the end of user space. */
    size_t n = max < USER_TOP - a ? max : USER_TOP - a;
    long r = strncpy_user_raw(dst, src, n);
    if (r < 0)
        return r;
    if ((size_t)r == n)
        return n == max ? -ENAMETOOLONG : -EFAULT;
    return r;
}
