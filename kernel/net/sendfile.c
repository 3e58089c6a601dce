/* sendfile: a regular file's pages straight into a socket, without a trip
 * through user memory (the JDK's FileChannel.transferTo, static-file
 * servers). The pages come from the file system's read_page (the one mmap
 * uses), the socket takes them as a kernel message. Other destinations
 * answer EINVAL, which the JDK and coreutils take as "copy it yourself".
 * The call's checks are sys/file.c's. */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "net/socket.h"

#define BATCH (16 * PAGE_SIZE)       /* bytes handed to the socket at a time */

long sock_sendfile(struct socket *s, struct file *out, struct vnode *v, uint64_t *pos,
                   size_t count)
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
