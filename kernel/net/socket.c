/* Sockets, as Linux's net/socket.c: creating them, their files and
 * descriptors, messages, the SOL_SOCKET options every socket has; the
 * system calls are sys/socket.c, the protocols (struct proto_ops) do the
 * rest. A socket is a file
 * on an internal file system (sockfs), so read, write, readv, poll,
 * epoll, fcntl(O_NONBLOCK), ioctl(FIONBIO), fstat and close work on it as
 * on any file. */
#include "net/socket.h"
#include "fs/fdtable.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "uapi/uio.h"
#include "uapi/time.h"

#define SOCKFS_MAGIC 0x534F434B

/* Linux's defaults and limits for SO_RCVBUF/SO_SNDBUF (net.core.rmem_max
 * and wmem_max are 212992 on a stock system; it stores twice the value). */
#define SYSCTL_BUF_MAX 212992
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304

static struct mount *sockfs;

static struct fdtable *files(void) { return current_proc()->files; }

/* --- messages --- */

size_t msg_left(const struct msg *m)
{
    size_t n = 0;
    for (int i = m->iov_idx; i < m->iovlen; i++)
        n += m->iov[i].len - (i == m->iov_idx ? m->iov_off : 0);
    return n;
}

static int msg_copy(struct msg *m, void *kbuf, size_t n, bool to_user)
{
    char *k = kbuf;
    while (n) {
        if (m->iov_idx >= m->iovlen)
            return -EFAULT;
        const struct iovec *v = &m->iov[m->iov_idx];
        size_t chunk = MIN(n, v->len - m->iov_off);
        char __user *u = (char __user *)v->base + m->iov_off;
        if (m->kernel && chunk)
            memcpy(to_user ? (void *)u : k, to_user ? k : (void *)u, chunk);
        else if (chunk && (to_user ? copy_to_user(u, k, chunk) : copy_from_user(k, u, chunk)))
            return -EFAULT;
        k += chunk;
        n -= chunk;
        m->iov_off += chunk;
        if (m->iov_off == v->len) {
            m->iov_idx++;
            m->iov_off = 0;
        }
    }
    return 0;
}

int msg_copy_from(struct msg *m, void *dst, size_t n) { return msg_copy(m, dst, n, false); }
int msg_copy_to(struct msg *m, const void *src, size_t n) { return msg_copy(m, (void *)src, n, true); }

/* A message over one user buffer. */
void msg_single(struct msg *m, struct iovec *v, void __user *buf, size_t len)
{
    memset(m, 0, sizeof *m);
    v->base = buf;
    v->len = MIN(len, MAX_RW_COUNT);
    m->iov = v;
    m->iovlen = 1;
    m->len = v->len;
}

/* --- sockets as files --- */

static struct socket *sock_of(struct file *f) { return f->vnode->priv; }

static long sock_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct socket *s = sock_of(f);
    struct msg m;
    struct iovec v;
    msg_single(&m, &v, buf, n);
    return s->ops->recvmsg(s, &m, 0, f->flags & O_NONBLOCK);
}

static long sock_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    struct socket *s = sock_of(f);
    struct msg m;
    struct iovec v;
    msg_single(&m, &v, (void __user *)buf, n);
    return s->ops->sendmsg(s, &m, 0, f->flags & O_NONBLOCK);
}

/* readv/writev: one message over all the buffers (iov is a kernel copy). */
static void msg_vector(struct msg *m, const struct iovec *iov, unsigned long cnt)
{
    memset(m, 0, sizeof *m);
    m->iov = iov;
    m->iovlen = (int)cnt;
    m->len = msg_left(m);
}

static long sock_readv(struct file *f, const struct iovec *iov, unsigned long cnt)
{
    struct socket *s = sock_of(f);
    struct msg m;
    msg_vector(&m, iov, cnt);
    return s->ops->recvmsg(s, &m, 0, f->flags & O_NONBLOCK);
}

static long sock_writev(struct file *f, const struct iovec *iov, unsigned long cnt)
{
    struct socket *s = sock_of(f);
    struct msg m;
    msg_vector(&m, iov, cnt);
    return s->ops->sendmsg(s, &m, 0, f->flags & O_NONBLOCK);
}

static unsigned sock_poll(struct file *f, struct waitq **wq)
{
    struct socket *s = sock_of(f);
    *wq = &s->wq;
    return s->ops->poll(s);
}

static long sock_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    struct socket *s = sock_of(f);
    long r = s->ops->ioctl ? s->ops->ioctl(s, cmd, arg) : -ENOTTY;
    return r == -ENOTTY ? net_ifioctl(cmd, arg) : r;
}

static void sock_close(struct file *f)
{
    struct socket *s = sock_of(f);
    s->ops->release(s);
    s->sk = NULL;
}

static void sock_vnode_release(struct vnode *v)
{
    sock_free(v->priv);
}

static const struct file_ops socket_fops = {
    .read = sock_read, .write = sock_write, .readv = sock_readv, .writev = sock_writev,
    .poll = sock_poll, .ioctl = sock_ioctl, .close = sock_close,
};

static const struct vnode_ops socket_vops = { .release = sock_vnode_release };

struct socket *sock_from_file(struct file *f)
{
    return f->ops == &socket_fops ? sock_of(f) : NULL;
}

struct socket *sock_alloc(int family, int type, int protocol, const struct proto_ops *ops)
{
    struct socket *s = kzalloc(sizeof *s);
    if (!s)
        return NULL;
    s->family = family;
    s->type = type;
    s->protocol = protocol;
    s->ops = ops;
    waitq_init(&s->wq);
    bool tcp = family == AF_INET && type == SOCK_STREAM;
    s->rcvbuf = tcp ? 131072 : SYSCTL_BUF_MAX;
    s->sndbuf = tcp ? 16384 : SYSCTL_BUF_MAX;
    s->rcvlowat = 1;
    return s;
}

void sock_free(struct socket *s)
{
    kfree(s);
}

void sock_wake(struct socket *s)
{
    if (s)
        wake_up(&s->wq);
}

void sock_wake_events(struct socket *s, unsigned events)
{
    if (s)
        wake_up_poll(&s->wq, events);
}

uint64_t sock_deadline(uint64_t timeo_ns)
{
    return timeo_ns ? clock_monotonic_ns() + timeo_ns : 0;
}

int sock_wait_error(int r, uint64_t timeo_ns)
{
    if (r == -ETIMEDOUT)
        return -EAGAIN;
    if (r == -EINTR)
        return timeo_ns ? -EINTR : -ERESTARTSYS;
    return r;
}

/* Gives s a file and a descriptor: the fd, or -errno (s freed then). */
int sock_install(struct socket *s, int flags)
{
    struct vnode *v = vnode_alloc(sockfs, S_IFSOCK | 0777, &socket_vops, &socket_fops);
    if (!v) {
        s->ops->release(s);
        sock_free(s);
        return -ENOMEM;
    }
    v->priv = s;
    ksnprintf(v->name, sizeof v->name, "socket:[%lu]", v->ino);
    struct file *f;
    int r = vfs_open_vnode(v, O_RDWR | (flags & O_NONBLOCK), v->name, &f);
    if (r < 0) {
        s->ops->release(s);
        vnode_put(v);                    /* frees s */
        return r;
    }
    vnode_put(v);
    f->flags &= ~O_LARGEFILE;            /* sockets show only O_RDWR|O_NONBLOCK in F_GETFL */
    s->file = f;
    r = fd_install(files(), f, 0, flags & O_CLOEXEC);
    if (r < 0)
        file_put(f);
    return r;
}

/* The socket behind fd, its file referenced in *fp: -EBADF or -ENOTSOCK. */
struct socket *sockfd_lookup(int fd, struct file **fp, int *err)
{
    struct file *f = fd_get(files(), fd);
    if (!f || (f->flags & O_PATH)) {
        if (f)
            file_put(f);
        *err = -EBADF;
        return NULL;
    }
    if (f->ops != &socket_fops) {
        file_put(f);
        *err = -ENOTSOCK;
        return NULL;
    }
    *fp = f;
    return sock_of(f);
}

bool sock_nonblocking(struct file *f, int flags)
{
    return (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

/* --- creating --- */

int sock_create(int family, int type, int protocol, struct socket **out)
{
    int base = type & SOCK_TYPE_MASK;
    if (family < 0 || family >= 46)
        return -EAFNOSUPPORT;
    if (base < SOCK_STREAM || base > 10 || base == 4 || (base > SOCK_SEQPACKET && base != 10))
        return -EINVAL;
    int r;
    struct socket *s = sock_alloc(family, base, protocol, NULL);
    if (!s)
        return -ENOMEM;
    switch (family) {
    case AF_INET:
        if (base == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP)) {
            s->protocol = IPPROTO_TCP;
            r = tcp_create(s);
        } else if (base == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP)) {
            s->protocol = IPPROTO_UDP;
            r = udp_create(s);
        } else if (base == SOCK_RAW || (base == SOCK_DGRAM && protocol == IPPROTO_ICMP)) {
            r = -EPERM;                  /* what an unprivileged Linux process hears */
        } else if (base == SOCK_STREAM || base == SOCK_DGRAM) {
            r = -EPROTONOSUPPORT;
        } else {
            r = -ESOCKTNOSUPPORT;
        }
        break;
    case AF_UNIX:
        if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_SEQPACKET)
            r = -ESOCKTNOSUPPORT;
        else if (protocol != 0 && protocol != AF_UNIX)
            r = -EPROTONOSUPPORT;
        else
            r = unix_create(s);
        break;
    case AF_NETLINK:
        r = netlink_create(s);
        break;
    default:
        /* AF_INET6 among them: the JDK then uses IPv4 only. */
        r = -EAFNOSUPPORT;
    }
    if (r < 0) {
        sock_free(s);
        return r;
    }
    *out = s;
    return 0;
}

/* --- options --- */

int sockopt_int(const void *val, int len)
{
    int v = 0;
    if (len >= (int)sizeof(int))
        memcpy(&v, val, sizeof v);
    else if (len > 0)
        v = *(const uint8_t *)val;
    return v;
}

/* sys_getsockopt refuses a negative length before anyone gets here. */
int sockopt_put_int(void *val, int *len, int v)
{
    *len = MIN(*len, (int)sizeof v);
    memcpy(val, &v, (size_t)*len);
    return 0;
}

static int get_int_opt(const void *val, int len, int *out)
{
    if (len < (int)sizeof(int))
        return -EINVAL;
    memcpy(out, val, sizeof(int));
    return 0;
}

static int set_timeo(const void *val, int len, uint64_t *timeo)
{
    struct kernel_timeval tv;
    if (len < (int)sizeof tv)
        return -EINVAL;
    memcpy(&tv, val, sizeof tv);
    if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
        return -EDOM;
    if (tv.tv_sec < 0)
        *timeo = 1;                         /* Linux: a negative timeout is the shortest */
    else if (tv.tv_sec == 0 && tv.tv_usec == 0)
        *timeo = 0;                         /* no timeout */
    else
        *timeo = (uint64_t)tv.tv_sec * NSEC_PER_SEC + (uint64_t)tv.tv_usec * 1000;
    return 0;
}

/* The SOL_SOCKET options the socket layer keeps. 1 when handled here
 * (r set), 0 when the protocol must see it too. */
static int sock_setsockopt(struct socket *s, int name, const void *val, int len, int *r)
{
    int v = 0;
    *r = 0;
    switch (name) {
    case SO_TYPE: case SO_DOMAIN: case SO_PROTOCOL: case SO_ERROR: case SO_ACCEPTCONN:
    case SO_PEERCRED:
        *r = -ENOPROTOOPT;
        return 1;
    case SO_RCVTIMEO:
        *r = set_timeo(val, len, &s->rcvtimeo_ns);
        return 1;
    case SO_SNDTIMEO:
        *r = set_timeo(val, len, &s->sndtimeo_ns);
        return 1;
    case SO_LINGER:
        if (len < (int)sizeof(struct linger))
            *r = -EINVAL;
        else
            memcpy(&s->linger, val, sizeof s->linger);
        return 1;
    }
    if ((*r = get_int_opt(val, len, &v)) < 0)
        return 1;
    switch (name) {
    case SO_REUSEADDR: s->reuseaddr = v != 0; return 0;
    case SO_REUSEPORT: s->reuseport = v != 0; return 0;
    case SO_KEEPALIVE: s->keepalive = v != 0; return 0;
    case SO_BROADCAST: s->broadcast = v != 0; return 0;
    case SO_OOBINLINE: s->oobinline = v != 0; return 1;
    case SO_PASSCRED: s->passcred = v != 0; return 1;
    case SO_DONTROUTE: s->dontroute = v != 0; return 1;
    case SO_DEBUG: case SO_NO_CHECK: return 1;
    case SO_PRIORITY:
        if (v < 0 || v > 6)
            *r = -EPERM;
        else
            s->priority = v;
        return 1;
    case SO_RCVLOWAT:
        s->rcvlowat = v < 1 ? 1 : v;
        return 1;
    case SO_SNDBUF: case SO_SNDBUFFORCE:
        v = MIN((unsigned)v, SYSCTL_BUF_MAX);
        s->sndbuf = MAX(v * 2, SOCK_MIN_SNDBUF);
        return 0;
    case SO_RCVBUF: case SO_RCVBUFFORCE:
        v = MIN((unsigned)v, SYSCTL_BUF_MAX);
        s->rcvbuf = MAX(v * 2, SOCK_MIN_RCVBUF);
        return 0;
    }
    *r = -ENOPROTOOPT;
    return 1;
}

static int sock_getsockopt(struct socket *s, int name, void *val, int *len)
{
    int v;
    switch (name) {
    case SO_TYPE: v = s->type; break;
    case SO_DOMAIN: v = s->family; break;
    case SO_PROTOCOL: v = s->protocol; break;
    case SO_REUSEADDR: v = s->reuseaddr; break;
    case SO_REUSEPORT: v = s->reuseport; break;
    case SO_KEEPALIVE: v = s->keepalive; break;
    case SO_BROADCAST: v = s->broadcast; break;
    case SO_OOBINLINE: v = s->oobinline; break;
    case SO_PASSCRED: v = s->passcred; break;
    case SO_DONTROUTE: v = s->dontroute; break;
    case SO_DEBUG: case SO_NO_CHECK: v = 0; break;
    case SO_PRIORITY: v = s->priority; break;
    case SO_RCVLOWAT: v = s->rcvlowat; break;
    case SO_SNDLOWAT: v = 1; break;
    case SO_SNDBUF: v = s->sndbuf; break;
    case SO_RCVBUF: v = s->rcvbuf; break;
    case SO_LINGER:
        *len = MIN(*len, (int)sizeof s->linger);
        memcpy(val, &s->linger, (size_t)*len);
        return 0;
    case SO_RCVTIMEO:
    case SO_SNDTIMEO: {
        uint64_t t = name == SO_RCVTIMEO ? s->rcvtimeo_ns : s->sndtimeo_ns;
        struct kernel_timeval tv = ns_to_timeval(t);
        *len = MIN(*len, (int)sizeof tv);
        memcpy(val, &tv, (size_t)*len);
        return 0;
    }
    case SO_PEERCRED: {
        if (s->family != AF_UNIX)
            return -ENODATA;
        struct { int pid, uid, gid; } cred = { current_proc()->pid, 0, 0 };
        *len = MIN(*len, (int)sizeof cred);
        memcpy(val, &cred, (size_t)*len);
        return 0;
    }
    default:
        return -ENOPROTOOPT;
    }
    return sockopt_put_int(val, len, v);
}

int sock_setopt(struct socket *s, int level, int name, const void *val, int len)
{
    if (level != SOL_SOCKET)
        return s->ops->setsockopt ? s->ops->setsockopt(s, level, name, val, len) : -ENOPROTOOPT;
    int r;
    int handled = sock_setsockopt(s, name, val, len, &r);
    if (!handled && r == 0 && s->ops->setsockopt) {
        int pr = s->ops->setsockopt(s, level, name, val, len);
        if (pr != -ENOPROTOOPT)
            r = pr;
    }
    return r;
}

int sock_getopt(struct socket *s, int level, int name, void *val, int *len)
{
    int r = -ENOPROTOOPT;
    /* The protocol first: SO_ERROR, SO_ACCEPTCONN and its own levels. */
    if (s->ops->getsockopt)
        r = s->ops->getsockopt(s, level, name, val, len);
    if (r == -ENOPROTOOPT && level == SOL_SOCKET)
        r = sock_getsockopt(s, name, val, len);
    return r;
}

/* The file system sockets live on; net_init's caller (kmain) runs this
 * before any program. */
void socket_init(void)
{
    if (!(sockfs = mount_new("sockfs", SOCKFS_MAGIC, false)))
        panic("sockets: out of memory");
}
