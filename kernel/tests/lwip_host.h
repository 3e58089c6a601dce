/* Included first in the host build of lwIP (test_lwip): libc's headers
 * come before lwIP's port, which then keeps their INT_MAX, SSIZE_MAX (so
 * lwIP takes libc's ssize_t) and byte order. */
#pragma once
#include <endian.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
