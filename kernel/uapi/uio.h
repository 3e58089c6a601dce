/* Linux's <linux/uio.h>: the I/O vector of readv, writev, sendmsg and
 * recvmsg, as user space lays it out. */
#pragma once
#include <stddef.h>
#include "mm/uaccess.h"

struct iovec {
    void __user *base;
    size_t len;
};

#define UIO_MAXIOV 1024     /* the most entries one call takes (IOV_MAX) */
