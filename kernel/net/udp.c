/* AF_INET SOCK_DGRAM on lwIP's raw UDP API. Received datagrams wait on
 * the socket in a queue bounded by SO_RCVBUF (a datagram that does not
 * fit is dropped, as on Linux). net_lock guards the queue and the pcb;
 * user memory is copied without it: a datagram to send is filled in its
 * own fresh pbuf, one received is taken off the queue first. */
#include "fs/poll.h"
#include "arch/x86_64/x86.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "net/inet.h"
#include "net/lwip/hooks.h"
#include "net/socket.h"
#include "net/stack.h"
#include "sched/wait.h"
#include "uapi/sockios.h"

#include "lwip/ip4.h"
#include "lwip/prot/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"

#define IP_TOS 1
#define IP_TTL 2
#define IP_PKTINFO 8
#define IP_MTU_DISCOVER 10
#define IP_RECVERR 11
#define IP_RECVTOS 13
#define IP_MULTICAST_TTL 33
#define IP_MULTICAST_LOOP 34
#define UDP_PAYLOAD_MAX 65507
#define DGRAM_OVERHEAD 256           /* what a queued datagram costs beyond its bytes */

struct dgram {
    struct dgram *next;
    struct pbuf *p;
    ip_addr_t addr;
    uint16_t port;
};

struct udp_sk {
    struct socket *sock;
    struct udp_pcb *pcb;
    struct dgram *head, *tail;
    size_t queued;                   /* bytes charged against SO_RCVBUF */
    bool connected;
    bool shut_rd, shut_wr;
    int err;
};

static struct udp_sk *usk(struct socket *s) { return s->sk; }

static size_t charge(const struct dgram *d) { return d->p->tot_len + DGRAM_OVERHEAD; }

static void on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    struct udp_sk *u = arg;
    struct dgram *d = u->shut_rd ? NULL : kmalloc(sizeof *d);
    if (!d || u->queued + p->tot_len + DGRAM_OVERHEAD > (size_t)u->sock->rcvbuf) {
        kfree(d);
        pbuf_free(p);
        return;
    }
    d->next = NULL;
    d->p = p;
    ip_addr_copy(d->addr, *addr);
    d->port = port;
    if (u->tail)
        u->tail->next = d;
    else
        u->head = d;
    u->tail = d;
    u->queued += charge(d);
    sock_wake_events(u->sock, POLLIN | POLLRDNORM);
}

/* ICMP destination unreachable about a datagram a connected socket sent:
 * its error (Linux's __udp4_lib_err; unconnected sockets hear nothing
 * without IP_RECVERR). Runs for every incoming IPv4 packet, net_lock held. */
int net_ip4_input_hook(struct pbuf *p, struct netif *inp)
{
    uint8_t h[64];
    if (p->tot_len < 20 + 8 + 20 + 8 || ((uint8_t *)p->payload)[0] >> 4 != 4)
        return 0;
    if (p->len >= 10 && ((uint8_t *)p->payload)[9] != IP_PROTO_ICMP)
        return 0;
    u16_t n = pbuf_copy_partial(p, h, sizeof h, 0);
    unsigned ihl = (h[0] & 15) * 4u;
    if (h[9] != IP_PROTO_ICMP || ihl < 20 || n < ihl + 8 + 20 + 8 || h[ihl] != 3 /* unreachable */)
        return 0;
    const uint8_t *in = h + ihl + 8;                 /* the datagram's own IP header */
    unsigned inl = (in[0] & 15) * 4u;
    if (in[9] != IP_PROTO_UDP || n < ihl + 8 + inl + 8)
        return 0;
    const uint8_t *uh = in + inl;
    uint16_t sport = (uint16_t)(uh[0] << 8 | uh[1]), dport = (uint16_t)(uh[2] << 8 | uh[3]);
    uint32_t dst;
    memcpy(&dst, in + 16, 4);
    int code = h[ihl + 1];
    int err = code == 3 ? ECONNREFUSED : code == 0 ? ENETUNREACH : code == 4 ? EMSGSIZE : EHOSTUNREACH;
    for (struct udp_pcb *pcb = udp_pcbs; pcb; pcb = pcb->next) {
        if (pcb->local_port == sport && (pcb->flags & UDP_FLAGS_CONNECTED) && pcb->remote_port == dport &&
            ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)) == dst && pcb->recv == on_recv) {
            struct udp_sk *u = pcb->recv_arg;
            u->err = err;
            sock_wake_events(u->sock, POLLERR);
        }
    }
    return 0;
}

static int lwip_errno(err_t e)
{
    switch (e) {
    case ERR_OK: return 0;
    case ERR_MEM: case ERR_BUF: return -ENOBUFS;
    case ERR_RTE: return -ENETUNREACH;
    case ERR_USE: return -EADDRINUSE;
    case ERR_VAL: case ERR_ARG: return -EINVAL;
    default: return -EIO;
    }
}

static int udp_bind_op(struct socket *s, const struct sockaddr_storage *a, int len)
{
    ip_addr_t ip;
    uint16_t port;
    int r = inet_addr_in(a, len, &ip, &port, true);
    if (r < 0)
        return r;
    struct udp_sk *u = usk(s);
    uint64_t f = net_lock();
    if (u->pcb->local_port != 0)
        r = -EINVAL;
    else if (!inet_addr_is_local(&ip) && !inet_addr_is_broadcast(&ip))
        r = -EADDRNOTAVAIL;
    else
        r = lwip_errno(udp_bind(u->pcb, &ip, port));
    net_unlock(f);
    return r;
}

static int udp_connect_op(struct socket *s, const struct sockaddr_storage *a, int len, bool nonblock)
{
    struct udp_sk *u = usk(s);
    if (len >= (int)sizeof(uint16_t) && a->ss_family == AF_UNSPEC) {
        uint64_t f = net_lock();
        udp_disconnect(u->pcb);
        u->connected = false;
        net_unlock(f);
        return 0;
    }
    ip_addr_t ip;
    uint16_t port;
    int r = inet_addr_in(a, len, &ip, &port, false);
    if (r < 0)
        return r;
    if (ip_addr_isany(&ip))
        ip_addr_set_loopback(false, &ip);
    uint64_t f = net_lock();
    if (!ip4_route(ip_2_ip4(&ip)))
        r = -ENETUNREACH;
    else if ((r = lwip_errno(udp_connect(u->pcb, &ip, port))) == 0)
        u->connected = true;
    net_unlock(f);
    return r;
}

static int udp_listen_op(struct socket *s, int backlog) { return -EOPNOTSUPP; }

static int udp_accept_op(struct socket *s, struct socket **out, bool nonblock) { return -EOPNOTSUPP; }

static long udp_sendmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct udp_sk *u = usk(s);
    ip_addr_t ip;
    uint16_t port = 0;
    bool to = m->addrlen > 0;
    if (to) {
        if (m->addrlen < (int)sizeof(struct sockaddr_in))
            return -EINVAL;
        int r = inet_addr_in(&m->addr, m->addrlen, &ip, &port, true);
        if (r < 0)
            return r;
        if (port == 0)
            return -EINVAL;
        if (ip_addr_isany(&ip))
            ip_addr_set_loopback(false, &ip);
    }
    size_t len = msg_left(m);
    if (len > UDP_PAYLOAD_MAX)
        return -EMSGSIZE;
    uint64_t f = net_lock();
    long r = u->err ? -u->err : u->shut_wr ? -EPIPE : (!to && !u->connected) ? -EDESTADDRREQ : 0;
    u->err = 0;
    struct pbuf *p = r ? NULL : pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
    net_unlock(f);
    if (r)
        return r;
    if (!p)
        return -ENOBUFS;
    /* The pbuf is ours alone until it is sent: fill it without the lock. */
    r = msg_copy_from(m, p->payload, len);
    f = net_lock();
    if (r == 0) {
        bool bcast = to && inet_addr_is_broadcast(&ip);
        if (bcast && !s->broadcast)
            r = -EACCES;
        else
            r = lwip_errno(to ? udp_sendto(u->pcb, p, &ip, port) : udp_send(u->pcb, p));
    }
    pbuf_free(p);
    net_unlock(f);
    return r < 0 ? r : (long)len;
}

static long udp_recvmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct udp_sk *u = usk(s);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    uint64_t timeo = s->rcvtimeo_ns, deadline = sock_deadline(timeo);
    size_t want = msg_left(m);
    for (;;) {
        uint64_t f = net_lock();
        struct dgram *d = u->head;
        if (d) {
            size_t len = d->p->tot_len, n = MIN(len, want);
            bool peek = flags & MSG_PEEK;
            char *tmp = NULL;
            if (peek) {
                /* The datagram stays: copy what is wanted while holding it. */
                tmp = n ? kmalloc(n) : NULL;
                if (n && !tmp) {
                    net_unlock(f);
                    return -ENOMEM;
                }
                if (n)
                    pbuf_copy_partial(d->p, tmp, (u16_t)n, 0);
            } else {
                u->head = d->next;
                if (!u->head)
                    u->tail = NULL;
                u->queued -= charge(d);
            }
            /* Under the lock: a peeked datagram may be taken by another
             * thread as soon as it is released. */
            m->addrlen = inet_addr_out(&m->addr, &d->addr, d->port);
            net_unlock(f);
            long r = 0;
            if (peek) {
                /* Still queued, whether or not there was a byte to copy
                 * (tmp is NULL when there was none). */
                r = n ? msg_copy_to(m, tmp, n) : 0;
                kfree(tmp);
            } else {
                /* Off the queue: its pbufs are ours to read without the lock. */
                size_t off = 0;
                for (struct pbuf *q = d->p; q && off < n && r == 0; q = q->next) {
                    size_t c = MIN(q->len, n - off);
                    r = msg_copy_to(m, q->payload, c);
                    off += c;
                }
                f = net_lock();
                pbuf_free(d->p);
                net_unlock(f);
                kfree(d);
            }
            if (r < 0)
                return r;
            if (len > want)
                m->flags_out |= MSG_TRUNC;
            return (long)(flags & MSG_TRUNC ? len : n);
        }
        bool shut = u->shut_rd;
        int err = u->err;
        u->err = 0;
        net_unlock(f);
        if (err)
            return -err;
        if (shut)
            return 0;
        if (nonblock)
            return -EAGAIN;
        int w = WAIT_EVENT_DEADLINE(&s->wq, u->head || u->shut_rd || u->err, deadline);
        if (w)
            return sock_wait_error(w, timeo);
    }
}

static int udp_shutdown_op(struct socket *s, int how)
{
    struct udp_sk *u = usk(s);
    uint64_t f = net_lock();
    int r = 0;
    if (!u->connected) {
        r = -ENOTCONN;
    } else {
        if (how != SHUT_WR)
            u->shut_rd = true;
        if (how != SHUT_RD)
            u->shut_wr = true;
    }
    net_unlock(f);
    sock_wake(s);
    return r;
}

static int udp_getname_op(struct socket *s, struct sockaddr_storage *a, bool peer)
{
    struct udp_sk *u = usk(s);
    uint64_t f = net_lock();
    int r;
    if (peer) {
        r = u->connected ? inet_addr_out(a, &u->pcb->remote_ip, u->pcb->remote_port) : -ENOTCONN;
    } else {
        ip_addr_t local;
        ip_addr_copy(local, u->pcb->local_ip);
        if (u->connected && ip_addr_isany(&local)) {
            /* Linux shows the source address the route to the peer picks. */
            struct netif *n = ip4_route(ip_2_ip4(&u->pcb->remote_ip));
            if (n)
                ip_addr_copy(local, *netif_ip_addr4(n));
            if (ip4_addr_isloopback(ip_2_ip4(&u->pcb->remote_ip)))
                ip_addr_set_loopback(false, &local);
        }
        r = inet_addr_out(a, &local, u->pcb->local_port);
    }
    net_unlock(f);
    return r;
}

static int udp_setsockopt_op(struct socket *s, int level, int name, const void *val, int len)
{
    struct udp_sk *u = usk(s);
    int v = sockopt_int(val, len);
    int r = 0;
    uint64_t f = net_lock();
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_REUSEADDR:
        case SO_REUSEPORT:
            if (s->reuseaddr || s->reuseport)
                ip_set_option(u->pcb, SOF_REUSEADDR);
            else
                ip_reset_option(u->pcb, SOF_REUSEADDR);
            break;
        case SO_BROADCAST:
            if (v)
                ip_set_option(u->pcb, SOF_BROADCAST);
            else
                ip_reset_option(u->pcb, SOF_BROADCAST);
            break;
        default:
            r = -ENOPROTOOPT;
        }
    } else if (level == IPPROTO_IP) {
        switch (name) {
        case IP_TOS: u->pcb->tos = (u8_t)v; break;
        case IP_TTL:
            if (v < -1 || v == 0 || v > 255)
                r = -EINVAL;
            else
                u->pcb->ttl = (u8_t)(v == -1 ? 64 : v);
            break;
        case IP_PKTINFO: case IP_MTU_DISCOVER: case IP_RECVERR: case IP_RECVTOS:
        case IP_MULTICAST_TTL: case IP_MULTICAST_LOOP:
            break;                       /* accepted; nothing to do without multicast */
        default:
            r = -ENOPROTOOPT;
        }
    } else {
        r = -ENOPROTOOPT;
    }
    net_unlock(f);
    return r;
}

static int udp_getsockopt_op(struct socket *s, int level, int name, void *val, int *len)
{
    struct udp_sk *u = usk(s);
    int r = -ENOPROTOOPT;
    uint64_t f = net_lock();
    if (level == SOL_SOCKET && name == SO_ERROR) {
        r = sockopt_put_int(val, len, u->err);
        u->err = 0;
    } else if (level == SOL_SOCKET && name == SO_ACCEPTCONN) {
        r = sockopt_put_int(val, len, 0);
    } else if (level == IPPROTO_IP && name == IP_TOS) {
        r = sockopt_put_int(val, len, u->pcb->tos);
    } else if (level == IPPROTO_IP && name == IP_TTL) {
        r = sockopt_put_int(val, len, u->pcb->ttl);
    }
    net_unlock(f);
    return r;
}

static unsigned udp_poll_op(struct socket *s)
{
    struct udp_sk *u = usk(s);
    uint64_t f = net_lock();
    unsigned mask = POLLOUT | POLLWRNORM;
    if (u->head)
        mask |= POLLIN | POLLRDNORM;
    if (u->err)
        mask |= POLLERR;
    if (u->shut_rd)
        mask |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (u->shut_rd && u->shut_wr)
        mask |= POLLHUP;
    net_unlock(f);
    return mask;
}

static long udp_ioctl_op(struct socket *s, unsigned cmd, unsigned long arg)
{
    struct udp_sk *u = usk(s);
    if (cmd != FIONREAD && cmd != SIOCOUTQ)
        return -ENOTTY;
    uint64_t f = net_lock();
    int v = cmd == FIONREAD && u->head ? u->head->p->tot_len : 0;
    net_unlock(f);
    return put_user(v, (int __user *)arg);
}

static void udp_release_op(struct socket *s)
{
    struct udp_sk *u = usk(s);
    if (!u)
        return;
    uint64_t f = net_lock();
    udp_remove(u->pcb);
    struct dgram *d;
    while ((d = u->head)) {
        u->head = d->next;
        pbuf_free(d->p);
        kfree(d);
    }
    net_unlock(f);
    kfree(u);
    s->sk = NULL;
}

static const struct proto_ops udp_ops = {
    .bind = udp_bind_op, .connect = udp_connect_op, .listen = udp_listen_op,
    .accept = udp_accept_op, .sendmsg = udp_sendmsg_op, .recvmsg = udp_recvmsg_op,
    .shutdown = udp_shutdown_op, .getname = udp_getname_op, .setsockopt = udp_setsockopt_op,
    .getsockopt = udp_getsockopt_op, .poll = udp_poll_op, .ioctl = udp_ioctl_op,
    .release = udp_release_op,
};

int udp_create(struct socket *s)
{
    struct udp_sk *u = kzalloc(sizeof *u);
    if (!u)
        return -ENOMEM;
    uint64_t f = net_lock();
    u->pcb = udp_new();
    if (u->pcb)
        udp_recv(u->pcb, on_recv, u);
    net_unlock(f);
    if (!u->pcb) {
        kfree(u);
        return -ENOMEM;
    }
    u->sock = s;
    s->ops = &udp_ops;
    s->sk = u;
    return 0;
}
