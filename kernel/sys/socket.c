/* The socket system calls (Linux's net/socket.c, the calls' half):
 * descriptors, user addresses, messages and options copied in and out;
 * the sockets themselves and the SOL_SOCKET options are net/socket.c's,
 * the protocols (struct proto_ops) do the rest. */
#include "net/socket.h"
#include "fs/fdtable.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sys/syscall.h"
#include "uapi/uio.h"

#define MAX_ADDRLEN ((int)sizeof(struct sockaddr_storage))
#define MAX_CONTROL 4096

struct user_msghdr {
    void __user *name;
    int namelen;
    struct iovec __user *iov;
    size_t iovlen;
    void __user *control;
    size_t controllen;
    unsigned flags;
};

struct mmsghdr {
    struct user_msghdr hdr;
    unsigned len;
};

static struct fdtable *files(void) { return current_proc()->files; }

/* Copies a user iovec array in (kiov has UIO_MAXIOV entries): Linux's
 * checks (count, total length clamped to MAX_RW_COUNT). */
static int import_iovec(struct msg *m, struct iovec *kiov, const struct iovec __user *uiov, size_t n)
{
    if (n > UIO_MAXIOV)
        return -EMSGSIZE;
    if (n && copy_from_user(kiov, uiov, n * sizeof *kiov))
        return -EFAULT;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if ((int64_t)kiov[i].len < 0)
            return -EINVAL;
        if (kiov[i].len > MAX_RW_COUNT - total)
            kiov[i].len = MAX_RW_COUNT - total;
        total += kiov[i].len;
    }
    m->iov = kiov;
    m->iovlen = (int)n;
    m->len = total;
    return 0;
}

static int move_addr_in(struct sockaddr_storage *k, const void __user *u, int len)
{
    if (len < 0 || len > MAX_ADDRLEN)
        return -EINVAL;
    memset(k, 0, sizeof *k);
    if (len && copy_from_user(k, u, (size_t)len))
        return -EFAULT;
    return 0;
}

/* Linux's move_addr_to_user: copies what fits, tells the full length. */
static int move_addr_out(const struct sockaddr_storage *k, int klen, void __user *u, int __user *ulenp)
{
    int ulen;
    if (get_user(ulen, ulenp))
        return -EFAULT;
    if (ulen < 0)
        return -EINVAL;
    int n = MIN(ulen, klen);
    if (n && copy_to_user(u, k, (size_t)n))
        return -EFAULT;
    return put_user(klen, ulenp);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
    if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
        return -EINVAL;
    struct socket *s;
    int r = sock_create(family, type, protocol, &s);
    if (r < 0)
        return r;
    return sock_install(s, type);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int __user *, sv)
{
    if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
        return -EINVAL;
    if (family != AF_UNIX) {
        struct socket *s;
        int r = sock_create(family, type, protocol, &s);
        if (r < 0)
            return r;
        s->ops->release(s);
        sock_free(s);
        return -EOPNOTSUPP;              /* AF_INET has no pairs */
    }
    struct socket *a, *b;
    int r = sock_create(family, type, protocol, &a);
    if (r < 0)
        return r;
    if ((r = sock_create(family, type, protocol, &b)) < 0) {
        a->ops->release(a);
        sock_free(a);
        return r;
    }
    unix_socketpair(a, b);
    int fa = sock_install(a, type);
    if (fa < 0) {
        b->ops->release(b);
        sock_free(b);
        return fa;
    }
    int fb = sock_install(b, type);
    if (fb < 0) {
        fd_close(files(), fa);
        return fb;
    }
    int fds[2] = { fa, fb };
    if (copy_to_user(sv, fds, sizeof fds)) {
        fd_close(files(), fa);
        fd_close(files(), fb);
        return -EFAULT;
    }
    return 0;
}

SYSCALL_DEFINE3(bind, int, fd, const void __user *, uaddr, int, len)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct sockaddr_storage a;
    if ((r = move_addr_in(&a, uaddr, len)) == 0)
        r = s->ops->bind(s, &a, len);
    file_put(f);
    return r;
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    if ((unsigned)backlog > SOMAXCONN)
        backlog = SOMAXCONN;
    r = s->ops->listen(s, backlog);
    file_put(f);
    return r;
}

SYSCALL_DEFINE4(accept4, int, fd, void __user *, uaddr, int __user *, ulen, int, flags)
{
    if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
        return -EINVAL;
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct socket *ns;
    r = s->ops->accept(s, &ns, f->flags & O_NONBLOCK);
    file_put(f);
    if (r < 0)
        return r;
    struct sockaddr_storage a;
    int alen = 0;
    if (uaddr) {
        alen = ns->ops->getname(ns, &a, true);
        if (alen < 0) {
            /* The peer is gone already (reset before accept): Linux still
             * hands out the socket, with a zero address. */
            memset(&a, 0, sizeof a);
            a.ss_family = (uint16_t)ns->family;
            alen = ns->family == AF_UNIX ? 2 : (int)sizeof(struct sockaddr_in);
        }
    }
    int nfd = sock_install(ns, flags);
    if (nfd < 0)
        return nfd;
    if (uaddr && (r = move_addr_out(&a, alen, uaddr, ulen)) < 0) {
        fd_close(files(), nfd);
        return r;
    }
    return nfd;
}

SYSCALL_DEFINE3(accept, int, fd, void __user *, uaddr, int __user *, ulen)
{
    return sys_accept4(fd, uaddr, ulen, 0);
}

SYSCALL_DEFINE3(connect, int, fd, const void __user *, uaddr, int, len)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct sockaddr_storage a;
    if ((r = move_addr_in(&a, uaddr, len)) == 0)
        r = s->ops->connect(s, &a, len, f->flags & O_NONBLOCK);
    file_put(f);
    return r;
}

static long sock_getname(int fd, void __user *uaddr, int __user *ulen, bool peer)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct sockaddr_storage a;
    memset(&a, 0, sizeof a);
    int alen = s->ops->getname(s, &a, peer);
    file_put(f);
    if (alen < 0)
        return alen;
    return move_addr_out(&a, alen, uaddr, ulen);
}

SYSCALL_DEFINE3(getsockname, int, fd, void __user *, uaddr, int __user *, ulen)
{
    return sock_getname(fd, uaddr, ulen, false);
}

SYSCALL_DEFINE3(getpeername, int, fd, void __user *, uaddr, int __user *, ulen)
{
    return sock_getname(fd, uaddr, ulen, true);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    r = how < SHUT_RD || how > SHUT_RDWR ? -EINVAL : s->ops->shutdown(s, how);
    file_put(f);
    return r;
}

SYSCALL_DEFINE6(sendto, int, fd, const void __user *, buf, size_t, len, unsigned, flags,
               const void __user *, uaddr, int, alen)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct msg m;
    struct iovec v;
    msg_single(&m, &v, (void __user *)buf, len);
    long n = 0;
    if (uaddr) {
        n = move_addr_in(&m.addr, uaddr, alen);
        m.addrlen = alen;
    }
    if (n == 0)
        n = s->ops->sendmsg(s, &m, (int)flags, sock_nonblocking(f, (int)flags));
    file_put(f);
    return n;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, buf, size_t, len, unsigned, flags,
               void __user *, uaddr, int __user *, ulen)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct msg m;
    struct iovec v;
    msg_single(&m, &v, buf, len);
    long n = s->ops->recvmsg(s, &m, (int)flags, sock_nonblocking(f, (int)flags));
    file_put(f);
    if (n >= 0 && uaddr && m.addrlen > 0) {
        int e = move_addr_out(&m.addr, m.addrlen, uaddr, ulen);
        if (e < 0)
            return e;
    } else if (n >= 0 && uaddr && ulen) {
        /* No address (a connected stream): Linux reports length 0. */
        if (put_user(0, ulen))
            return -EFAULT;
    }
    return n;
}

/* One sendmsg on an open socket, its header at umsg (as Linux's
 * ___sys_sendmsg, for sendmsg and each message of sendmmsg). */
static long do_sendmsg(struct socket *s, struct file *f, const struct user_msghdr __user *umsg,
                       unsigned flags, struct iovec *kiov)
{
    struct user_msghdr mh;
    if (copy_from_user(&mh, umsg, sizeof mh))
        return -EFAULT;
    struct msg m;
    memset(&m, 0, sizeof m);
    long r;
    if (mh.name) {
        if ((r = move_addr_in(&m.addr, mh.name, mh.namelen)) < 0)
            return r;
        m.addrlen = mh.namelen;
    }
    if ((r = import_iovec(&m, kiov, mh.iov, mh.iovlen)) < 0)
        return r;
    void *control = NULL;
    if (mh.controllen) {
        if (mh.controllen > MAX_CONTROL)
            return -ENOBUFS;
        if (!(control = kmalloc(mh.controllen)))
            return -ENOMEM;
        if (copy_from_user(control, mh.control, mh.controllen)) {
            kfree(control);
            return -EFAULT;
        }
        m.control = control;
        m.controllen = mh.controllen;
    }
    r = s->ops->sendmsg(s, &m, (int)flags, sock_nonblocking(f, (int)flags));
    kfree(control);
    return r;
}

/* Writes back what recvmsg changes in a user msghdr. */
static int put_msghdr_out(struct user_msghdr __user *u, const struct user_msghdr *k)
{
    if (put_user(k->namelen, &u->namelen) || put_user(k->controllen, &u->controllen) ||
        put_user(k->flags, &u->flags))
        return -EFAULT;
    return 0;
}

/* One recvmsg on an open socket, its header at umsg: namelen,
 * controllen and flags go back there (as Linux's ___sys_recvmsg, for
 * recvmsg and each message of recvmmsg). */
static long do_recvmsg(struct socket *s, struct file *f, struct user_msghdr __user *umsg,
                       unsigned flags, struct iovec *kiov)
{
    struct user_msghdr mh;
    if (copy_from_user(&mh, umsg, sizeof mh))
        return -EFAULT;
    struct msg m;
    memset(&m, 0, sizeof m);
    long r = import_iovec(&m, kiov, mh.iov, mh.iovlen);
    if (r < 0)
        return r;
    if (mh.namelen < 0)
        return -EINVAL;
    long n = s->ops->recvmsg(s, &m, (int)flags & ~MSG_CMSG_CLOEXEC,
                             sock_nonblocking(f, (int)flags));
    if (n < 0)
        return n;
    if (mh.name && m.addrlen > 0) {
        int len = MIN(mh.namelen, m.addrlen);
        if (len && copy_to_user(mh.name, &m.addr, (size_t)len))
            return -EFAULT;
        mh.namelen = m.addrlen;
    } else {
        mh.namelen = 0;
    }
    /* No protocol passes ancillary data yet (SCM_RIGHTS, IP_PKTINFO):
     * the control buffer comes back empty. */
    mh.controllen = 0;
    mh.flags = (unsigned)m.flags_out;
    return put_msghdr_out(umsg, &mh) ? -EFAULT : n;
}

SYSCALL_DEFINE3(sendmsg, int, fd, const struct user_msghdr __user *, umsg, unsigned, flags)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct iovec *kiov = kmalloc(UIO_MAXIOV * sizeof *kiov);
    long n = kiov ? do_sendmsg(s, f, umsg, flags, kiov) : -ENOMEM;
    kfree(kiov);
    file_put(f);
    return n;
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct user_msghdr __user *, umsg, unsigned, flags)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    struct iovec *kiov = kmalloc(UIO_MAXIOV * sizeof *kiov);
    long n = kiov ? do_recvmsg(s, f, umsg, flags, kiov) : -ENOMEM;
    kfree(kiov);
    file_put(f);
    return n;
}

/* sendmmsg's and recvmmsg's loop over the messages at vec on an open
 * socket (whose reference it drops): each message's length goes back to
 * vec[i].len; the count done, or the first error when none was. recvmmsg
 * also stops at its deadline, checked between messages as Linux does. */
static long each_mmsg(struct socket *s, struct file *f, struct mmsghdr __user *vec, unsigned vlen,
                      unsigned flags, bool recv, uint64_t deadline)
{
    if (vlen > UIO_MAXIOV)
        vlen = UIO_MAXIOV;
    struct iovec *kiov = kmalloc(UIO_MAXIOV * sizeof *kiov);
    long err = kiov ? 0 : -ENOMEM;
    unsigned done = 0;
    while (err == 0 && done < vlen) {
        long n = recv ? do_recvmsg(s, f, &vec[done].hdr, flags, kiov)
                      : do_sendmsg(s, f, &vec[done].hdr, flags, kiov);
        if (n < 0) {
            err = n;
            break;
        }
        if (put_user((unsigned)n, &vec[done].len)) {
            err = -EFAULT;
            break;
        }
        done++;
        if (recv && (flags & MSG_WAITFORONE))
            flags |= MSG_DONTWAIT;
        if (deadline && clock_monotonic_ns() >= deadline)
            break;
    }
    kfree(kiov);
    file_put(f);
    return done ? (long)done : err;
}

SYSCALL_DEFINE4(sendmmsg, int, fd, struct mmsghdr __user *, vec, unsigned, vlen, unsigned, flags)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    return each_mmsg(s, f, vec, vlen, flags, false, 0);
}

SYSCALL_DEFINE5(recvmmsg, int, fd, struct mmsghdr __user *, vec, unsigned, vlen, unsigned, flags,
               const struct timespec64 __user *, utimeout)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    uint64_t deadline = 0;
    if (utimeout) {
        uint64_t timeout;
        int e = get_timespec_ns(utimeout, &timeout);
        if (e) {
            file_put(f);
            return e;
        }
        deadline = clock_monotonic_ns() + timeout;
    }
    return each_mmsg(s, f, vec, vlen, flags, true, deadline);
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name, const void __user *, uval, int, len)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    char val[64];
    if (len < 0) {
        r = -EINVAL;
    } else {
        memset(val, 0, sizeof val);
        r = len && copy_from_user(val, uval, MIN((size_t)len, sizeof val)) ? -EFAULT : 0;
        len = MIN(len, (int)sizeof val);
    }
    if (r == 0)
        r = sock_setopt(s, level, name, val, len);
    file_put(f);
    return r;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, void __user *, uval, int __user *, ulen)
{
    struct file *f;
    int r;
    struct socket *s = sockfd_lookup(fd, &f, &r);
    if (!s)
        return r;
    int len;
    char val[256];
    if (get_user(len, ulen)) {
        r = -EFAULT;
    } else if (len < 0) {
        r = -EINVAL;
    } else {
        memset(val, 0, sizeof val);
        int klen = MIN(len, (int)sizeof val);
        r = sock_getopt(s, level, name, val, &klen);
        if (r == 0 && ((klen && copy_to_user(uval, val, (size_t)klen)) || put_user(klen, ulen)))
            r = -EFAULT;
    }
    file_put(f);
    return r;
}
