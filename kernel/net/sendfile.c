/* sendfile: a regular file's pages straight into a socket, without a trip
 * through user memory (the JDK's FileChannel.transferTo, static-file
 * servers). The pages come from the file system's read_page (the one mmap
 * uses), the socket takes them as a kernel message. Other destinations
 * answer EINVAL, which the JDK and coreutils take as "copy it yourself". */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "net/socket.h"
#include "sched/proc.h"
#include "sys/syscall.h"

#define MAX_RW_COUNT 0x7ffff000ul
#define BATCH (16 * PAGE_SIZE)       /* bytes handed to the socket at a time */

struct iovec {
    void __user *base;
    size_t len;
};

/* Sends up to count bytes of v from *pos to s: bytes sent, or -errno
 * when none were. */
static long send_pages(struct socket *s, struct file *out, struct vnode *v, uint64_t *pos, size_t count)
{
    char *buf = kmalloc(BATCH);
    char *page = kmalloc(PAGE_SIZE);
    long r = buf && page ? 0 : -ENOMEM;
    size_t done = 0;
    while (r == 0 && done < count && *pos < v->size) {
        /* Fill the batch from whole pages of the file. */
        size_t want = MIN(MIN(count - done, (size_t)BATCH), (size_t)(v->size - *pos)), have = 0;
        while (have < want) {
            uint64_t off = *pos + have, base = ALIGN_DOWN(off, PAGE_SIZE);
            int e = v->ops->read_page(v, base, page);
            if (e < 0) {
                r = e;
                break;
            }
            size_t n = MIN(want - have, (size_t)(base + PAGE_SIZE - off));
            memcpy(buf + have, page + (off - base), n);
            have += n;
        }
        if (r < 0 || have == 0)
            break;
        struct iovec iov = { buf, have };
        struct msg m = { .iov = &iov, .iovlen = 1, .len = have, .kernel = true };
        long sent = s->ops->sendmsg(s, &m, 0, out->flags & O_NONBLOCK);
        if (sent < 0) {
            r = sent;
            break;
        }
        *pos += (uint64_t)sent;
        done += (size_t)sent;
        if ((size_t)sent < have)
            break;                       /* the socket took less: a non-blocking one is full */
    }
    kfree(page);
    kfree(buf);
    return done ? (long)done : r;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, int64_t __user *, offset, size_t, count)
{
    struct fdtable *t = current_proc()->files;
    struct file *in = fd_get(t, in_fd), *out = fd_get(t, out_fd);
    long r = 0;
    if (!in || !out || (in->flags & O_PATH) || (out->flags & O_PATH) ||
        (in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
        r = -EBADF;
    struct socket *s = r ? NULL : sock_from_file(out);
    if (r == 0 && (!S_ISREG(in->vnode->mode) || !in->vnode->ops->read_page || !s))
        r = -EINVAL;
    int64_t pos = 0;
    if (r == 0 && offset) {
        if (get_user(pos, offset))
            r = -EFAULT;
        else if (pos < 0)
            r = -EINVAL;
    }
    if (r == 0) {
        uint64_t p = offset ? (uint64_t)pos : in->pos;
        r = count ? send_pages(s, out, in->vnode, &p, MIN(count, MAX_RW_COUNT)) : 0;
        if (offset) {
            if (put_user((int64_t)p, offset))
                r = -EFAULT;
        } else {
            in->pos = p;
        }
    }
    if (in)
        file_put(in);
    if (out)
        file_put(out);
    return r;
}
