/* AF_UNIX sockets, in the kernel (no lwIP): socketpair, and sockets bound
 * to a path (a socket node in the file system) or to an abstract name,
 * with listen/accept/connect. SOCK_STREAM moves bytes through a ring in
 * the receiver, whose pages exist only while they hold bytes
 * (lib/bytering.h); SOCK_DGRAM and SOCK_SEQPACKET move whole messages.
 *
 * One spinlock guards every AF_UNIX socket's state (connections span two
 * sockets, and the lock is never held long). Data crosses it through a
 * kernel bounce buffer, so user memory is never touched while holding it.
 * Each side sleeps on its own socket's queue; whoever changes what the
 * other side waits for (data, room, a hang-up) wakes the other's. */
#include "fs/inotify.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/bytering.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "net/socket.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "uapi/sockios.h"

#define RING_SIZE (128 * 1024)       /* bytes a stream socket holds unread */
#define DGRAM_BYTES 212992           /* a message socket's queue, in bytes (Linux's wmem_default) */
#define DGRAM_MAX (DGRAM_BYTES - 32) /* the largest message */
#define MSG_OVERHEAD 256
#define CHUNK 4096

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

enum ustate { US_NEW, US_LISTEN, US_CONNECTED, US_DISCONNECTED };

struct umsg {
    struct umsg *next;
    size_t len;
    struct unix_sk *from;            /* for recvfrom's address (may be gone: then unnamed) */
    char data[];
};

struct unix_sk {
    struct socket *sock;             /* NULL while waiting on a listener's queue */
    int type;
    enum ustate state;
    int shutdown;                    /* RCV_SHUTDOWN | SEND_SHUTDOWN */
    int err;                         /* pending error, positive */
    struct unix_sk *peer;            /* connected peer (or a datagram socket's default destination) */
    /* stream: a ring of received bytes; others: a queue of messages */
    struct bytering ring;            /* RING_SIZE bytes at most */
    struct umsg *mq, *mq_tail;
    size_t mq_bytes;
    bool reading;                    /* a stream reader is copying out */
    /* where it is bound */
    struct sockaddr_un addr;
    int addrlen;                     /* 0: unnamed */
    struct vnode *node;              /* a path binding's socket file */
    /* a listener's queue of connections not yet accepted */
    struct unix_sk *acc_head, *acc_tail, *acc_next, *listener;
    int acc_len, backlog;
    int refs;                        /* the socket, plus queued messages naming it as sender */
};

static spinlock_t unix_lock = SPINLOCK_INIT;
static const struct proto_ops unix_ops;

/* Bound sockets: a path binding is found by its vnode, an abstract one
 * by its name. */
struct binding {
    struct binding *next;
    struct unix_sk *u;
};
static struct binding *bindings;

static struct unix_sk *usk(struct socket *s) { return s->sk; }
static bool is_stream(const struct unix_sk *u) { return u->type == SOCK_STREAM; }
static bool conn_oriented(const struct unix_sk *u) { return u->type != SOCK_DGRAM; }

/* Wakes u's waiters about events (POLL*; ~0u: anything). A connection
 * still on a listener's queue has only the listener's sleepers. */
static void uwake(struct unix_sk *u, unsigned events)
{
    if (!u)
        return;
    if (u->sock)
        sock_wake_events(u->sock, events);
    else if (u->listener && u->listener->sock)
        sock_wake_events(u->listener->sock, 0);
}

static void uput(struct unix_sk *u)
{
    if (--u->refs == 0) {
        bytering_free(&u->ring);
        kfree(u);
    }
}

static struct unix_sk *unew(int type)
{
    struct unix_sk *u = kzalloc(sizeof *u);
    if (!u)
        return NULL;
    u->type = type;
    u->refs = 1;
    bytering_init(&u->ring, type == SOCK_STREAM ? RING_SIZE : 0);
    return u;
}

static size_t ring_used(const struct unix_sk *u) { return bytering_used(&u->ring); }

/* How much the peer can take now (lock held). */
static size_t room_in(const struct unix_sk *to)
{
    if (is_stream(to))
        return bytering_room(&to->ring);
    return to->mq_bytes >= DGRAM_BYTES ? 0 : DGRAM_BYTES - to->mq_bytes;
}

static void mq_free(struct unix_sk *u)
{
    struct umsg *m;
    while ((m = u->mq)) {
        u->mq = m->next;
        if (m->from)
            uput(m->from);
        kfree(m);
    }
    u->mq_tail = NULL;
    u->mq_bytes = 0;
}

/* --- addresses --- */

static int parse_addr(const struct sockaddr_storage *a, int len, struct sockaddr_un *out, int *outlen)
{
    if (len < (int)sizeof(uint16_t) || len > (int)sizeof(struct sockaddr_un))
        return -EINVAL;
    if (a->ss_family != AF_UNIX)
        return -EINVAL;
    memset(out, 0, sizeof *out);
    memcpy(out, a, (size_t)len);
    if (len == (int)sizeof(uint16_t)) {
        *outlen = len;
        return 0;
    }
    if (out->sun_path[0]) {
        /* A path: up to its NUL (Linux accepts a missing one). */
        size_t n = strnlen(out->sun_path, (size_t)len - 2);
        if (n >= sizeof out->sun_path)
            return -EINVAL;
        out->sun_path[n] = 0;
        *outlen = (int)(2 + n + 1);
    } else {
        *outlen = len;                   /* abstract: every byte counts */
    }
    return 0;
}

static bool is_abstract(const struct sockaddr_un *a, int len) { return len > 2 && a->sun_path[0] == 0; }

/* The bound socket an address names: referenced, or NULL with *err. */
static struct unix_sk *find_bound(const struct sockaddr_un *a, int len, int *err)
{
    struct vnode *v = NULL;
    if (!is_abstract(a, len)) {
        if (len <= 2) {
            *err = -EINVAL;
            return NULL;
        }
        int r = vfs_lookup(AT_FDCWD, a->sun_path, 0, &v);
        if (r < 0) {
            *err = r;
            return NULL;
        }
        if ((v->mode & S_IFMT) != S_IFSOCK) {
            vnode_put(v);
            *err = -ECONNREFUSED;
            return NULL;
        }
    }
    struct unix_sk *found = NULL;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    for (struct binding *b = bindings; b; b = b->next) {
        struct unix_sk *u = b->u;
        if (v ? u->node == v
              : (u->addrlen == len && !u->node && memcmp(&u->addr, a, (size_t)len) == 0)) {
            found = u;
            found->refs++;
            break;
        }
    }
    spin_unlock_irqrestore(&unix_lock, f);
    if (v)
        vnode_put(v);
    if (!found)
        *err = -ECONNREFUSED;
    return found;
}

static void unbind(struct unix_sk *u)
{
    for (struct binding **pp = &bindings; *pp; pp = &(*pp)->next) {
        if ((*pp)->u == u) {
            struct binding *b = *pp;
            *pp = b->next;
            kfree(b);
            return;
        }
    }
}

static int unix_bind_op(struct socket *s, const struct sockaddr_storage *a, int len)
{
    struct unix_sk *u = usk(s);
    struct sockaddr_un addr;
    int alen;
    int r = parse_addr(a, len, &addr, &alen);
    if (r < 0)
        return r;
    if (alen == (int)sizeof(uint16_t))
        return -EINVAL;                  /* autobind is not offered */
    if (u->addrlen)
        return -EINVAL;
    struct binding *b = kmalloc(sizeof *b);
    if (!b)
        return -ENOMEM;
    struct vnode *node = NULL;
    if (!is_abstract(&addr, alen)) {
        struct walk_result *res = kmalloc(sizeof *res);
        if (!res) {
            kfree(b);
            return -ENOMEM;
        }
        r = vfs_walk(AT_FDCWD, addr.sun_path, WALK_PARENT, res);
        if (r == 0) {
            struct vnode *dir = res->node;
            if (!res->last[0] || res->trailing_slash)
                r = -EINVAL;
            else if (!dir->ops->create || dir->mnt->rdonly)
                r = -EROFS;
            else
                r = dir->ops->create(dir, res->last, strlen(res->last),
                                     S_IFSOCK | (0777 & ~current_proc()->umask), &node);
            if (r == 0)
                fsnotify(dir, IN_CREATE, res->last, 0);
            if (r == -EEXIST)
                r = -EADDRINUSE;
            vnode_put(dir);
        }
        kfree(res);
        if (r < 0) {
            kfree(b);
            return r;
        }
    }
    uint64_t f = spin_lock_irqsave(&unix_lock);
    if (!node) {
        for (struct binding *o = bindings; o; o = o->next)
            if (!o->u->node && o->u->addrlen == alen && memcmp(&o->u->addr, &addr, (size_t)alen) == 0)
                r = -EADDRINUSE;
    }
    if (r == 0 && u->addrlen)
        r = -EINVAL;
    if (r == 0) {
        u->addr = addr;
        u->addrlen = alen;
        u->node = node;
        b->u = u;
        b->next = bindings;
        bindings = b;
    }
    spin_unlock_irqrestore(&unix_lock, f);
    if (r < 0) {
        kfree(b);
        if (node)
            vnode_put(node);
    }
    return r;
}

static int unix_listen_op(struct socket *s, int backlog)
{
    struct unix_sk *u = usk(s);
    uint64_t f = spin_lock_irqsave(&unix_lock);
    int r = 0;
    if (!conn_oriented(u))
        r = -EOPNOTSUPP;
    else if (!u->addrlen || (u->state != US_NEW && u->state != US_LISTEN))
        r = -EINVAL;
    else {
        u->state = US_LISTEN;
        u->backlog = backlog;
    }
    spin_unlock_irqrestore(&unix_lock, f);
    return r;
}

static void connect_pair(struct unix_sk *a, struct unix_sk *b)
{
    a->peer = b;
    b->peer = a;
    a->refs++;
    b->refs++;
    a->state = b->state = US_CONNECTED;
}

static int unix_connect_op(struct socket *s, const struct sockaddr_storage *a, int len, bool nonblock)
{
    struct unix_sk *u = usk(s);
    struct sockaddr_un addr;
    int alen;
    if (!conn_oriented(u) && len >= (int)sizeof(uint16_t) && a->ss_family == AF_UNSPEC) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        struct unix_sk *p = u->peer;
        u->peer = NULL;
        spin_unlock_irqrestore(&unix_lock, f);
        if (p)
            uput(p);
        return 0;
    }
    int r = parse_addr(a, len, &addr, &alen);
    if (r < 0)
        return r;
    struct unix_sk *l = find_bound(&addr, alen, &r);
    if (!l)
        return r;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    if (l->type != u->type) {
        r = -EPROTOTYPE;
    } else if (!conn_oriented(u)) {
        /* A datagram socket's connect only sets its default destination. */
        struct unix_sk *old = u->peer;
        u->peer = l;
        l->refs++;
        if (old)
            uput(old);
    } else if (u->state == US_CONNECTED || u->state == US_LISTEN) {
        r = -EISCONN;
    } else if (l->state != US_LISTEN) {
        r = -ECONNREFUSED;
    } else if (l->acc_len > l->backlog) {
        r = nonblock ? -EAGAIN : -ECONNREFUSED;   /* Linux waits; a full queue is rare here */
    } else {
        /* The server's end exists at once, queued on the listener. */
        struct unix_sk *srv = unew(u->type);
        if (!srv) {
            r = -ENOMEM;
        } else {
            srv->addr = l->addr;
            srv->addrlen = l->addrlen;
            srv->listener = l;
            connect_pair(u, srv);
            if (l->acc_tail)
                l->acc_tail->acc_next = srv;
            else
                l->acc_head = srv;
            l->acc_tail = srv;
            l->acc_len++;
            uwake(l, POLLIN | POLLRDNORM);
        }
    }
    uput(l);
    spin_unlock_irqrestore(&unix_lock, f);
    return r;
}

static int unix_accept_op(struct socket *s, struct socket **out, bool nonblock)
{
    struct unix_sk *u = usk(s);
    for (;;) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        if (u->state != US_LISTEN) {
            spin_unlock_irqrestore(&unix_lock, f);
            return conn_oriented(u) ? -EINVAL : -EOPNOTSUPP;
        }
        struct unix_sk *c = u->acc_head;
        if (c) {
            struct socket *ns = sock_alloc(AF_UNIX, u->type, 0, &unix_ops);
            if (!ns) {
                spin_unlock_irqrestore(&unix_lock, f);
                return -ENOMEM;
            }
            u->acc_head = c->acc_next;
            if (!u->acc_head)
                u->acc_tail = NULL;
            u->acc_len--;
            c->acc_next = NULL;
            c->listener = NULL;
            c->sock = ns;
            ns->sk = c;
            spin_unlock_irqrestore(&unix_lock, f);
            *out = ns;
            return 0;
        }
        spin_unlock_irqrestore(&unix_lock, f);
        if (nonblock)
            return -EAGAIN;
        int r = WAIT_EVENT_DEADLINE(&s->wq, u->acc_head || u->state != US_LISTEN,
                                    sock_deadline(s->rcvtimeo_ns));
        if (r)
            return sock_wait_error(r, s->rcvtimeo_ns);
    }
}

static long broken_pipe(int flags)
{
    if (!(flags & MSG_NOSIGNAL))
        signal_raise_self(SIGPIPE);
    return -EPIPE;
}

/* Why u cannot send to its peer now, or 0 (lock held). A pending error
 * (ECONNRESET) is for readers only, as on Linux. */
static long send_error(struct unix_sk *u)
{
    if (u->shutdown & SEND_SHUTDOWN)
        return -EPIPE;
    if (conn_oriented(u) && u->state != US_CONNECTED)
        return u->state == US_DISCONNECTED ? -EPIPE : -ENOTCONN;
    return 0;
}

static long stream_send(struct socket *s, struct unix_sk *u, struct msg *m, int flags, bool nonblock)
{
    size_t total = msg_left(m), done = 0;
    char *tmp = kmalloc(CHUNK);
    if (!tmp)
        return -ENOMEM;
    uint64_t timeo = s->sndtimeo_ns, deadline = sock_deadline(timeo);
    size_t have = 0, pos = 0;
    long r = 0;
    while (done < total) {
        if (pos == have) {
            have = MIN(total - done, (size_t)CHUNK);
            pos = 0;
            if (msg_copy_from(m, tmp, have)) {
                r = -EFAULT;
                break;
            }
        }
        uint64_t f = spin_lock_irqsave(&unix_lock);
        struct unix_sk *p = u->peer;
        r = send_error(u);
        if (!r && (!p || (p->shutdown & RCV_SHUTDOWN)))
            r = -EPIPE;
        size_t n = 0;
        if (!r && room_in(p) && !(n = bytering_put(&p->ring, tmp + pos, have - pos)))
            r = -ENOMEM;              /* room, but no page for it */
        spin_unlock_irqrestore(&unix_lock, f);
        if (r)
            break;
        if (n) {
            uwake(p, POLLIN | POLLRDNORM);
            pos += n;
            done += n;
            continue;
        }
        if (nonblock) {
            r = -EAGAIN;
            break;
        }
        int w = WAIT_EVENT_DEADLINE(&s->wq, !u->peer || room_in(u->peer) > 0 || u->err ||
                                    (u->peer->shutdown & RCV_SHUTDOWN) || (u->shutdown & SEND_SHUTDOWN),
                                    deadline);
        if (w) {
            r = sock_wait_error(w, timeo);
            break;
        }
    }
    kfree(tmp);
    if (done)
        return (long)done;
    return r == -EPIPE ? broken_pipe(flags) : r;
}

static long message_send(struct socket *s, struct unix_sk *u, struct msg *m, int flags, bool nonblock)
{
    size_t len = msg_left(m);
    if (len > DGRAM_MAX)
        return -EMSGSIZE;
    struct unix_sk *to = NULL;
    long r = 0;
    if (m->addrlen > 0) {
        if (conn_oriented(u)) {
            /* Linux: an address on a connected socket is EISCONN, else ignored. */
            if (u->state == US_CONNECTED)
                return -EISCONN;
        } else {
            struct sockaddr_un addr;
            int alen;
            int e = parse_addr(&m->addr, m->addrlen, &addr, &alen);
            if (e == 0)
                to = find_bound(&addr, alen, &e);
            if (!to)
                return e;
        }
    }
    struct umsg *msg = kmalloc(sizeof *msg + len);
    if (!msg) {
        if (to)
            uput(to);
        return -ENOMEM;
    }
    msg->len = len;
    msg->next = NULL;
    if (msg_copy_from(m, msg->data, len)) {
        kfree(msg);
        if (to)
            uput(to);
        return -EFAULT;
    }
    uint64_t timeo = s->sndtimeo_ns, deadline = sock_deadline(timeo);
    for (;;) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        struct unix_sk *p = to ? to : u->peer;
        r = send_error(u);
        if (!r && !p)
            r = conn_oriented(u) ? -EPIPE : -ENOTCONN;
        if (!r && conn_oriented(u) && (p->shutdown & RCV_SHUTDOWN))
            r = -EPIPE;
        if (!r && !conn_oriented(u) && p->state == US_DISCONNECTED) {
            /* Linux: the first send to a dead peer is refused, and forgets it. */
            r = -ECONNREFUSED;
            if (!to && u->peer == p) {
                u->peer = NULL;
                uput(p);
            }
        }
        if (!r && room_in(p) >= len + MSG_OVERHEAD) {
            msg->from = u;
            u->refs++;
            if (p->mq_tail)
                p->mq_tail->next = msg;
            else
                p->mq = msg;
            p->mq_tail = msg;
            p->mq_bytes += len + MSG_OVERHEAD;
            msg = NULL;
        }
        spin_unlock_irqrestore(&unix_lock, f);
        if (r)
            break;
        if (!msg) {
            uwake(p, POLLIN | POLLRDNORM);
            break;
        }
        if (nonblock) {
            r = -EAGAIN;
            break;
        }
        int w = WAIT_EVENT_DEADLINE(&s->wq, !(to ? to : u->peer) ||
                                    room_in(to ? to : u->peer) >= len + MSG_OVERHEAD || u->err ||
                                    (u->shutdown & SEND_SHUTDOWN) ||
                                    (to ? to : u->peer)->state == US_DISCONNECTED, deadline);
        if (w) {
            r = sock_wait_error(w, timeo);
            break;
        }
    }
    kfree(msg);
    if (to)
        uput(to);
    if (r == -EPIPE)
        return broken_pipe(flags);
    return r < 0 ? r : (long)len;
}

static long unix_sendmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct unix_sk *u = usk(s);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (is_stream(u)) {
        if (m->addrlen > 0)
            return u->state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
        if (u->state != US_CONNECTED && u->state != US_DISCONNECTED)
            return -ENOTCONN;
        return stream_send(s, u, m, flags, nonblock);
    }
    return message_send(s, u, m, flags, nonblock);
}

static void fill_from(struct msg *m, struct unix_sk *from)
{
    if (from && from->addrlen) {
        memcpy(&m->addr, &from->addr, (size_t)from->addrlen);
        m->addrlen = from->addrlen;
    } else {
        m->addrlen = 0;                  /* Linux: an unnamed sender has no address at all */
    }
}

static long stream_recv(struct socket *s, struct unix_sk *u, struct msg *m, int flags, bool nonblock)
{
    size_t want = msg_left(m), done = 0;
    uint64_t timeo = s->rcvtimeo_ns, deadline = sock_deadline(timeo);
    /* One reader at a time: bytes one has peeked at stay until it takes them. */
    for (;;) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        bool mine = !u->reading;
        u->reading = true;
        spin_unlock_irqrestore(&unix_lock, f);
        if (mine)
            break;
        int w = WAIT_EVENT(&s->wq, !u->reading);
        if (w)
            return sock_wait_error(w, 0);
    }
    char *tmp = kmalloc(CHUNK);
    long r = tmp ? 0 : -ENOMEM;
    while (r == 0 && done < want) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        size_t skip = flags & MSG_PEEK ? done : 0;
        size_t avail = ring_used(u) - skip;
        size_t n = bytering_peek(&u->ring, skip, tmp, MIN(want - done, (size_t)CHUNK));
        bool eof = (u->shutdown & RCV_SHUTDOWN) || u->state == US_DISCONNECTED;
        int err = u->err;
        if (!n && err && !done)
            u->err = 0;
        bool unconnected = u->state == US_NEW || u->state == US_LISTEN;
        spin_unlock_irqrestore(&unix_lock, f);
        if (n) {
            if (msg_copy_to(m, tmp, n)) {
                r = done ? 0 : -EFAULT;
                break;
            }
            if (!(flags & MSG_PEEK)) {
                f = spin_lock_irqsave(&unix_lock);
                bytering_drop(&u->ring, n);
                struct unix_sk *p = u->peer;
                spin_unlock_irqrestore(&unix_lock, f);
                uwake(p, POLLOUT | POLLWRNORM);
            }
            done += n;
            if (flags & MSG_PEEK && done >= avail + skip)
                break;
            continue;
        }
        if (done && !(flags & MSG_WAITALL))
            break;
        if (err) {
            r = done ? 0 : -err;
            break;
        }
        if (eof)
            break;
        if (unconnected) {
            r = done ? 0 : -EINVAL;      /* Linux: recv on an unconnected stream socket */
            break;
        }
        if (nonblock) {
            r = done ? 0 : -EAGAIN;
            break;
        }
        int w = WAIT_EVENT_DEADLINE(&s->wq, ring_used(u) > (flags & MSG_PEEK ? done : 0) ||
                                    (u->shutdown & RCV_SHUTDOWN) || u->state == US_DISCONNECTED ||
                                    u->err, deadline);
        if (w) {
            r = done ? 0 : sock_wait_error(w, timeo);
            break;
        }
    }
    kfree(tmp);
    uint64_t f = spin_lock_irqsave(&unix_lock);
    u->reading = false;
    spin_unlock_irqrestore(&unix_lock, f);
    sock_wake_events(s, 0);
    if (r == 0 && done)
        fill_from(m, u->peer);
    return r < 0 ? r : (long)done;
}

static long message_recv(struct socket *s, struct unix_sk *u, struct msg *m, int flags, bool nonblock)
{
    uint64_t timeo = s->rcvtimeo_ns, deadline = sock_deadline(timeo);
    size_t want = msg_left(m);
    for (;;) {
        uint64_t f = spin_lock_irqsave(&unix_lock);
        struct umsg *msg = u->mq;
        if (msg) {
            struct unix_sk *peer = NULL;
            if (!(flags & MSG_PEEK)) {
                u->mq = msg->next;
                if (!u->mq)
                    u->mq_tail = NULL;
                u->mq_bytes -= msg->len + MSG_OVERHEAD;
                peer = msg->from;
            } else if (msg->from) {
                msg->from->refs++;
            }
            /* A peeked message may be taken by another reader meanwhile:
             * copy it while holding it. */
            struct umsg *copy = msg;
            if (flags & MSG_PEEK) {
                copy = kmalloc(sizeof *copy + msg->len);
                if (copy) {
                    memcpy(copy, msg, sizeof *copy + msg->len);
                    copy->from = msg->from;
                }
            }
            spin_unlock_irqrestore(&unix_lock, f);
            if (!copy)
                return -ENOMEM;
            size_t n = MIN(copy->len, want);
            long r = msg_copy_to(m, copy->data, n);
            fill_from(m, copy->from);
            if (copy->len > want)
                m->flags_out |= MSG_TRUNC;
            size_t len = copy->len;
            f = spin_lock_irqsave(&unix_lock);
            /* The sender has room again. Woken before the message's
             * reference to it goes: that may be the last (a closed sender). */
            if (!(flags & MSG_PEEK))
                uwake(peer ? peer : u->peer, POLLOUT | POLLWRNORM);
            if (copy->from)
                uput(copy->from);
            spin_unlock_irqrestore(&unix_lock, f);
            kfree(copy);
            if (r < 0)
                return r;
            return (long)((flags & MSG_TRUNC) ? len : n);
        }
        bool eof = (u->shutdown & RCV_SHUTDOWN) || (conn_oriented(u) && u->state == US_DISCONNECTED);
        int err = u->err;
        if (err)
            u->err = 0;
        bool unconnected = conn_oriented(u) && (u->state == US_NEW || u->state == US_LISTEN);
        spin_unlock_irqrestore(&unix_lock, f);
        if (err)
            return -err;
        if (eof)
            return 0;
        if (unconnected)
            return -ENOTCONN;
        if (nonblock)
            return -EAGAIN;
        int w = WAIT_EVENT_DEADLINE(&s->wq, u->mq || (u->shutdown & RCV_SHUTDOWN) || u->err ||
                                    (conn_oriented(u) && u->state == US_DISCONNECTED), deadline);
        if (w)
            return sock_wait_error(w, timeo);
    }
}

static long unix_recvmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct unix_sk *u = usk(s);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    return is_stream(u) ? stream_recv(s, u, m, flags, nonblock) : message_recv(s, u, m, flags, nonblock);
}

static int unix_shutdown_op(struct socket *s, int how)
{
    struct unix_sk *u = usk(s);
    int mode = how == SHUT_RD ? RCV_SHUTDOWN : how == SHUT_WR ? SEND_SHUTDOWN : SHUTDOWN_MASK;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    int r = 0;
    struct unix_sk *p = u->peer;
    if (conn_oriented(u) && u->state != US_CONNECTED && u->state != US_DISCONNECTED) {
        r = -ENOTCONN;
    } else {
        u->shutdown |= mode;
        if (p && conn_oriented(u)) {
            if (mode & RCV_SHUTDOWN)
                p->shutdown |= SEND_SHUTDOWN;
            if (mode & SEND_SHUTDOWN)
                p->shutdown |= RCV_SHUTDOWN;
        }
    }
    spin_unlock_irqrestore(&unix_lock, f);
    sock_wake(s);
    uwake(p, ~0u);
    return r;
}

static int unix_getname_op(struct socket *s, struct sockaddr_storage *a, bool peer)
{
    struct unix_sk *u = usk(s);
    uint64_t f = spin_lock_irqsave(&unix_lock);
    int r;
    struct unix_sk *who = peer ? u->peer : u;
    if (peer && (!who || (conn_oriented(u) && u->state != US_CONNECTED))) {
        r = -ENOTCONN;
    } else if (who->addrlen) {
        memcpy(a, &who->addr, (size_t)who->addrlen);
        r = who->addrlen;
    } else {
        a->ss_family = AF_UNIX;
        r = sizeof(uint16_t);
    }
    spin_unlock_irqrestore(&unix_lock, f);
    return r;
}

static int unix_getsockopt_op(struct socket *s, int level, int name, void *val, int *len)
{
    struct unix_sk *u = usk(s);
    if (level != SOL_SOCKET || (name != SO_ERROR && name != SO_ACCEPTCONN))
        return -ENOPROTOOPT;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    int v = name == SO_ERROR ? u->err : u->state == US_LISTEN;
    if (name == SO_ERROR)
        u->err = 0;
    spin_unlock_irqrestore(&unix_lock, f);
    return sockopt_put_int(val, len, v);
}

static unsigned unix_poll_op(struct socket *s)
{
    struct unix_sk *u = usk(s);
    unsigned mask = 0;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    if (u->state == US_LISTEN) {
        if (u->acc_head)
            mask |= POLLIN | POLLRDNORM;
    } else {
        /* As Linux's unix_poll and unix_dgram_poll. */
        bool hup = u->shutdown == SHUTDOWN_MASK || (conn_oriented(u) && u->state == US_DISCONNECTED);
        if (u->err)
            mask |= POLLERR;
        if (hup)
            mask |= POLLHUP;
        if ((u->shutdown & RCV_SHUTDOWN) || (conn_oriented(u) && u->state == US_DISCONNECTED))
            mask |= POLLIN | POLLRDNORM | POLLRDHUP;
        if (is_stream(u) ? ring_used(u) > 0 : u->mq != NULL)
            mask |= POLLIN | POLLRDNORM;
        if (conn_oriented(u) && u->state == US_NEW)
            ;                            /* not connected: not writable */
        else if (hup || (u->shutdown & SEND_SHUTDOWN) || !u->peer || room_in(u->peer) >= (is_stream(u) ? RING_SIZE / 4 : CHUNK))
            mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    }
    spin_unlock_irqrestore(&unix_lock, f);
    return mask;
}

static long unix_ioctl_op(struct socket *s, unsigned cmd, unsigned long arg)
{
    struct unix_sk *u = usk(s);
    if (cmd != FIONREAD && cmd != SIOCOUTQ)
        return -ENOTTY;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    int v = 0;
    if (cmd == FIONREAD && is_stream(u)) {
        v = (int)ring_used(u);
    } else if (cmd == FIONREAD && u->type == SOCK_SEQPACKET) {
        for (struct umsg *m = u->mq; m; m = m->next)    /* Linux: all of them */
            v += (int)m->len;
    } else if (cmd == FIONREAD) {
        v = u->mq ? (int)u->mq->len : 0;                /* the next datagram */
    } else if (u->peer) {
        v = is_stream(u) ? (int)ring_used(u->peer) : 0;  /* SIOCOUTQ: sent, not yet read */
    }
    bool listen = u->state == US_LISTEN;
    spin_unlock_irqrestore(&unix_lock, f);
    if (listen)
        return -EINVAL;
    return put_user(v, (int __user *)arg);
}

/* The socket goes away (lock held): the peer hears of it. */
static void disconnect(struct unix_sk *u)
{
    struct unix_sk *p = u->peer;
    if (!p)
        return;
    u->peer = NULL;
    if (p->peer == u && conn_oriented(p)) {
        p->shutdown = SHUTDOWN_MASK;
        p->state = US_DISCONNECTED;
        /* Linux: closing with unread data resets the peer. */
        if (is_stream(u) ? ring_used(u) > 0 : u->mq != NULL)
            p->err = ECONNRESET;
        p->peer = NULL;
        uput(u);
    }
    /* A datagram peer keeps pointing at u (dead now): its next send is
     * refused (message_send). */
    uwake(p, ~0u);
    uput(p);
}

static void destroy(struct unix_sk *u)
{
    disconnect(u);
    struct unix_sk *c;
    while ((c = u->acc_head)) {
        u->acc_head = c->acc_next;
        c->listener = NULL;
        disconnect(c);
        mq_free(c);
        uput(c);
    }
    if (u->addrlen)
        unbind(u);
    mq_free(u);
    u->state = US_DISCONNECTED;
    u->sock = NULL;
    uput(u);
}

static void unix_release_op(struct socket *s)
{
    struct unix_sk *u = usk(s);
    if (!u)
        return;
    struct vnode *node = u->node;
    uint64_t f = spin_lock_irqsave(&unix_lock);
    u->node = NULL;
    destroy(u);
    spin_unlock_irqrestore(&unix_lock, f);
    if (node)
        vnode_put(node);
    s->sk = NULL;
}

static const struct proto_ops unix_ops = {
    .bind = unix_bind_op, .connect = unix_connect_op, .listen = unix_listen_op,
    .accept = unix_accept_op, .sendmsg = unix_sendmsg_op, .recvmsg = unix_recvmsg_op,
    .shutdown = unix_shutdown_op, .getname = unix_getname_op, .getsockopt = unix_getsockopt_op,
    .poll = unix_poll_op, .ioctl = unix_ioctl_op, .release = unix_release_op,
};

int unix_create(struct socket *s)
{
    struct unix_sk *u = unew(s->type);
    if (!u)
        return -ENOMEM;
    u->sock = s;
    s->ops = &unix_ops;
    s->sk = u;
    s->protocol = 0;
    return 0;
}

int unix_socketpair(struct socket *a, struct socket *b)
{
    uint64_t f = spin_lock_irqsave(&unix_lock);
    connect_pair(usk(a), usk(b));
    spin_unlock_irqrestore(&unix_lock, f);
    return 0;
}
