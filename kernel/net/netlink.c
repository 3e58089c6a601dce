/* AF_NETLINK sockets of protocol NETLINK_ROUTE, as much of Linux's
 * rtnetlink as glibc's getifaddrs and if_nameindex (and the programs
 * that ask the same way, ip(8) among them) need: RTM_GETLINK and
 * RTM_GETADDR, dumped or for one interface, and the RTM_GETROUTE dump,
 * answered from lwIP's live interfaces under Linux's names
 * (net/iface.c). Any other request is answered NLMSG_ERROR with
 * -EOPNOTSUPP: a clear error instead of silence. No multicast groups:
 * the kernel sends no notifications.
 *
 * A request is answered in sendmsg: the replies wait on the socket as
 * datagrams (Linux's skbs), a dump's messages packed into datagrams of at
 * most max(NLMSG_GOODSIZE, the largest buffer a recvmsg offered) bytes,
 * NLMSG_DONE alone in the last one. A dump's first datagram is queued at
 * once, each of the others when recvmsg takes one, as Linux makes a
 * dump's next skb; another dump asked for before NLMSG_DONE is queued
 * gets EBUSY. recvmsg takes one datagram (MSG_PEEK leaves it, MSG_TRUNC
 * tells its whole length). */
#include "net/netlink.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "net/iface.h"
#include "net/route.h"
#include "net/socket.h"
#include "net/stack.h"
#include "sched/proc.h"
#include "sched/wait.h"

#include "lwip/netif.h"

#define NLMSG_GOODSIZE 3776          /* a 4 KiB page less skb overhead on x86-64 */
#define MAX_RECVMSG_LEN 32768
#define MAX_REQUEST 65536
#define DGRAM_OVERHEAD 256           /* what a queued datagram costs beyond its bytes */
#define PORTID_ROVER_START (-4096)   /* Linux's first port id after the process's */

struct dgram {
    struct dgram *next;
    size_t len;
    char data[];
};

struct nl_sk {
    struct socket *sock;
    struct nl_sk *next;              /* in socks (nl_lock) */
    /* nl_lock guards the rest. */
    struct dgram *head, *tail;       /* replies waiting */
    /* The rest of a running dump: one datagram joins the queue each time
     * recvmsg takes one, as Linux's netlink_dump makes the next skb. */
    struct dgram *dump;
    size_t queued;                   /* bytes charged against SO_RCVBUF */
    int err;                         /* ENOBUFS after a reply was dropped */
    uint32_t portid;                 /* 0 until bound */
    uint32_t groups;
    uint32_t dst_portid;             /* connect's */
    size_t max_recvmsg_len;
    bool cap_ack, ext_ack, strict_chk, no_enobufs;
};

static spinlock_t nl_lock = SPINLOCK_INIT;
static struct nl_sk *socks;          /* every netlink socket */
static int32_t rover = PORTID_ROVER_START;

static struct nl_sk *nsk(struct socket *s) { return s->sk; }

/* --- port ids --- */

static bool portid_used(uint32_t portid)
{
    for (struct nl_sk *o = socks; o; o = o->next)
        if (o->portid == portid)
            return true;
    return false;
}

/* Linux's netlink_autobind: the process's id for its first socket, then
 * negative numbers counting down. nl_lock held. */
static void autobind(struct nl_sk *n)
{
    if (n->portid)
        return;
    uint32_t id = (uint32_t)current_proc()->pid;
    while (portid_used(id)) {
        id = (uint32_t)rover;
        rover = rover == INT32_MIN ? PORTID_ROVER_START : rover - 1;
    }
    n->portid = id;
}

static int nl_bind(struct socket *s, const struct sockaddr_storage *a, int len)
{
    struct nl_sk *n = nsk(s);
    const struct sockaddr_nl *nl = (const struct sockaddr_nl *)a;
    if (len < (int)sizeof *nl || nl->nl_family != AF_NETLINK)
        return -EINVAL;
    int r = 0;
    uint64_t f = spin_lock_irqsave(&nl_lock);
    if (n->portid && nl->nl_pid && nl->nl_pid != n->portid)
        r = -EINVAL;                 /* bound already, to another id */
    else if (!n->portid && nl->nl_pid && portid_used(nl->nl_pid))
        r = -EADDRINUSE;
    else if (!n->portid && nl->nl_pid)
        n->portid = nl->nl_pid;
    else
        autobind(n);
    if (r == 0)
        n->groups = nl->nl_groups;
    spin_unlock_irqrestore(&nl_lock, f);
    return r;
}

static int nl_connect(struct socket *s, const struct sockaddr_storage *a, int len, bool nonblock)
{
    struct nl_sk *n = nsk(s);
    const struct sockaddr_nl *nl = (const struct sockaddr_nl *)a;
    bool unspec = len >= 2 && a->ss_family == AF_UNSPEC;   /* disconnects */
    if (!unspec && (len < (int)sizeof *nl || nl->nl_family != AF_NETLINK))
        return -EINVAL;
    uint64_t f = spin_lock_irqsave(&nl_lock);
    if (!unspec)
        autobind(n);
    n->dst_portid = unspec ? 0 : nl->nl_pid;
    spin_unlock_irqrestore(&nl_lock, f);
    return 0;
}

static int nl_getname(struct socket *s, struct sockaddr_storage *a, bool peer)
{
    struct nl_sk *n = nsk(s);
    struct sockaddr_nl *nl = (struct sockaddr_nl *)a;
    memset(nl, 0, sizeof *nl);
    nl->nl_family = AF_NETLINK;
    uint64_t f = spin_lock_irqsave(&nl_lock);
    nl->nl_pid = peer ? n->dst_portid : n->portid;
    nl->nl_groups = peer ? 0 : n->groups;
    spin_unlock_irqrestore(&nl_lock, f);
    return (int)sizeof *nl;
}

/* --- replies --- */

/* The datagrams answering one request, built before they are queued. */
struct reply {
    struct dgram *head, *tail;
    struct dgram *dump_rest;         /* a dump's datagrams after its first */
    size_t limit;                    /* a dump's datagram size */
    uint32_t seq, portid;
    int err;                         /* -ENOMEM when a datagram could not be had */
};

/* Appends one whole message (its header's len says how long) to the
 * last datagram when it fits there and `pack` allows, else to a new one. */
static void reply_add(struct reply *r, const void *msg, bool pack)
{
    size_t len = NLMSG_ALIGN(((const struct nlmsghdr *)msg)->len);
    struct dgram *d = r->tail;
    if (!pack || !d || d->len + len > r->limit) {
        d = kmalloc(sizeof *d + (pack ? MAX(len, r->limit) : len));
        if (!d) {
            r->err = -ENOMEM;
            return;
        }
        d->next = NULL;
        d->len = 0;
        if (r->tail)
            r->tail->next = d;
        else
            r->head = d;
        r->tail = d;
    }
    memset(d->data + d->len, 0, len);
    memcpy(d->data + d->len, msg, ((const struct nlmsghdr *)msg)->len);
    d->len += len;
}

/* A message under construction in a caller's buffer (big enough for
 * what the caller puts in it). */
struct msgb {
    char *buf;
    uint32_t len;
};

static void *msgb_start(struct msgb *b, char *buf, const struct reply *r, uint16_t type, uint16_t flags,
                        size_t body)
{
    b->buf = buf;
    b->len = NLMSG_HDRLEN + (uint32_t)NLMSG_ALIGN(body);
    memset(buf, 0, b->len);
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    *h = (struct nlmsghdr){ .type = type, .flags = flags, .seq = r->seq, .pid = r->portid };
    return buf + NLMSG_HDRLEN;
}

static void msgb_attr(struct msgb *b, uint16_t type, const void *data, size_t len)
{
    struct rtattr *a = (struct rtattr *)(b->buf + b->len);
    a->len = (uint16_t)(sizeof *a + len);
    a->type = type;
    memcpy(a + 1, data, len);
    memset((char *)(a + 1) + len, 0, RTA_ALIGN(a->len) - a->len);
    b->len += RTA_ALIGN(a->len);
}

static void msgb_u32(struct msgb *b, uint16_t type, uint32_t v) { msgb_attr(b, type, &v, sizeof v); }
static void msgb_u8(struct msgb *b, uint16_t type, uint8_t v) { msgb_attr(b, type, &v, sizeof v); }

static void msgb_end(struct msgb *b) { ((struct nlmsghdr *)b->buf)->len = b->len; }

#define MSG_ROOM 256                 /* one RTM_NEWLINK or RTM_NEWADDR */

/* RTM_NEWLINK for n, as Linux's rtnl_fill_ifinfo (the attributes glibc
 * and ip(8) read). net_lock held. */
static void add_link(struct reply *r, struct netif *n, uint16_t flags)
{
    char buf[MSG_ROOM];
    struct msgb b;
    struct ifinfomsg *ifi = msgb_start(&b, buf, r, RTM_NEWLINK, flags, sizeof *ifi);
    ifi->family = AF_UNSPEC;
    ifi->type = (uint16_t)iface_type(n);
    ifi->index = iface_index(n);
    ifi->flags = iface_flags(n);
    char name[IFNAMSIZ];
    iface_name(n, name);
    msgb_attr(&b, IFLA_IFNAME, name, strlen(name) + 1);
    msgb_u32(&b, IFLA_TXQLEN, IFACE_TXQLEN);
    /* Linux's lo has no carrier detection: its state is "unknown". */
    msgb_u8(&b, IFLA_OPERSTATE, iface_is_loopback(n) ? IF_OPER_UNKNOWN
                                : (ifi->flags & IFF_RUNNING) ? IF_OPER_UP : IF_OPER_DOWN);
    msgb_u8(&b, IFLA_LINKMODE, 0);
    msgb_u32(&b, IFLA_MTU, iface_mtu(n));
    msgb_u8(&b, IFLA_CARRIER, (ifi->flags & IFF_RUNNING) != 0);
    static const uint8_t zero[6], ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    bool lo = iface_is_loopback(n);
    msgb_attr(&b, IFLA_ADDRESS, lo ? zero : n->hwaddr, 6);
    msgb_attr(&b, IFLA_BROADCAST, lo ? zero : ones, 6);
    msgb_end(&b);
    reply_add(r, buf, flags & NLM_F_MULTI);
}

/* RTM_NEWADDR for n's IPv4 address, as Linux's inet_fill_ifaddr.
 * net_lock held. */
static void add_addr(struct reply *r, struct netif *n)
{
    char buf[MSG_ROOM];
    struct msgb b;
    struct ifaddrmsg *ifa = msgb_start(&b, buf, r, RTM_NEWADDR, NLM_F_MULTI, sizeof *ifa);
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(n)), brd = iface_broadcast(n);
    ifa->family = AF_INET;
    ifa->prefixlen = (uint8_t)iface_prefix_len(n);
    ifa->flags = IFA_F_PERMANENT;
    ifa->scope = iface_is_loopback(n) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
    ifa->index = (uint32_t)iface_index(n);
    msgb_u32(&b, IFA_ADDRESS, a);
    msgb_u32(&b, IFA_LOCAL, a);
    if (brd)
        msgb_u32(&b, IFA_BROADCAST, brd);
    char name[IFNAMSIZ];
    iface_name(n, name);
    msgb_attr(&b, IFA_LABEL, name, strlen(name) + 1);
    msgb_u32(&b, IFA_FLAGS, IFA_F_PERMANENT);
    msgb_end(&b);
    reply_add(r, buf, true);
}

/* NLMSG_DONE closes a dump, in a datagram of its own as on Linux. */
static void add_done(struct reply *r)
{
    char buf[NLMSG_HDRLEN + sizeof(int)];
    struct msgb b;
    msgb_start(&b, buf, r, NLMSG_DONE, NLM_F_MULTI, sizeof(int));
    msgb_end(&b);
    reply_add(r, buf, false);
}

static void add_route(struct reply *r, const struct route *rt)
{
    char buf[MSG_ROOM];
    struct msgb b;
    struct rtmsg *m = msgb_start(&b, buf, r, RTM_NEWROUTE, NLM_F_MULTI, sizeof *m);
    *m = (struct rtmsg){ .family = AF_INET, .dst_len = rt->dst_len, .table = rt->table,
                         .protocol = rt->protocol, .scope = rt->scope, .type = rt->type };
    msgb_u32(&b, RTA_TABLE, rt->table);
    if (rt->dst_len)
        msgb_u32(&b, RTA_DST, rt->dst);
    if (rt->gateway)
        msgb_u32(&b, RTA_GATEWAY, rt->gateway);
    if (rt->prefsrc)
        msgb_u32(&b, RTA_PREFSRC, rt->prefsrc);
    msgb_u32(&b, RTA_OIF, (uint32_t)rt->oif);
    msgb_end(&b);
    reply_add(r, buf, true);
}

/* RTM_GETROUTE, a dump of every IPv4 route (a lookup of one route is
 * not here: -EOPNOTSUPP). */
static int get_route(struct reply *r, const struct nlmsghdr *h)
{
    if (!(h->flags & NLM_F_DUMP))
        return -EOPNOTSUPP;
    uint8_t family = h->len > NLMSG_HDRLEN ? *(const uint8_t *)(h + 1) : AF_UNSPEC;
    struct route routes[ROUTES_MAX];
    uint64_t f = net_lock();
    int k = family == AF_UNSPEC || family == AF_INET ? route_list(routes, ROUTES_MAX) : 0;
    for (int i = 0; i < k; i++)
        add_route(r, &routes[i]);
    net_unlock(f);
    add_done(r);
    return 1;
}

/* NLMSG_ERROR: an error echoes the request (unless NETLINK_CAP_ACK), an
 * acknowledgement (err 0) only its header, as Linux's netlink_ack. */
static void add_error(struct reply *r, const struct nlmsghdr *req, int err, bool cap)
{
    bool whole = err && !cap;
    size_t body = sizeof(struct nlmsgerr) + (whole ? req->len - NLMSG_HDRLEN : 0);
    char *buf = kmalloc(NLMSG_HDRLEN + NLMSG_ALIGN(body));
    if (!buf) {
        r->err = -ENOMEM;
        return;
    }
    struct msgb b;
    struct nlmsgerr *e = msgb_start(&b, buf, r, NLMSG_ERROR, whole ? 0 : NLM_F_CAPPED, body);
    e->error = err;
    memcpy(&e->msg, req, whole ? req->len : NLMSG_HDRLEN);
    msgb_end(&b);
    reply_add(r, buf, false);
    kfree(buf);
}

/* The attribute of a type in a request's attributes after `off` bytes of
 * body, or NULL. */
static const struct rtattr *find_attr(const struct nlmsghdr *h, size_t off, uint16_t type)
{
    size_t at = NLMSG_HDRLEN + NLMSG_ALIGN(off);
    while (at + sizeof(struct rtattr) <= h->len) {
        const struct rtattr *a = (const struct rtattr *)((const char *)h + at);
        if (a->len < sizeof *a || at + a->len > h->len)
            return NULL;
        if (a->type == type)
            return a;
        at += RTA_ALIGN(a->len);
    }
    return NULL;
}

/* RTM_GETLINK: a dump of every interface (either NLM_F_DUMP bit asks for
 * one, as Linux reads it), or the one named by index or IFLA_IFNAME
 * (Linux's rtnl_getlink). 1 when dumped (no ack follows). */
static int get_link(struct reply *r, const struct nlmsghdr *h)
{
    struct netif *ifs[8];
    uint64_t f = net_lock();
    if (h->flags & NLM_F_DUMP) {
        int count = iface_list(ifs, (int)ARRAY_SIZE(ifs));
        for (int i = 0; i < count; i++)
            add_link(r, ifs[i], NLM_F_MULTI);
        net_unlock(f);
        add_done(r);
        return 1;
    }
    int err = 0;
    struct netif *n = NULL;
    const struct ifinfomsg *ifi = (const void *)(h + 1);
    const struct rtattr *name = find_attr(h, sizeof *ifi, IFLA_IFNAME);
    if (h->len < NLMSG_HDRLEN + sizeof *ifi) {
        err = -EINVAL;
    } else if (ifi->index > 0) {
        n = iface_by_index(ifi->index);
    } else if (name) {
        char buf[IFNAMSIZ] = { 0 };
        memcpy(buf, name + 1, MIN(name->len - sizeof *name, sizeof buf - 1));
        n = iface_by_name(buf);
    } else {
        err = -EINVAL;
    }
    if (!err && !n)
        err = -ENODEV;
    if (n)
        add_link(r, n, 0);
    net_unlock(f);
    return err;
}

/* RTM_GETADDR, a dump only (Linux has no other): every interface's IPv4
 * address, unless another family was asked for. */
static int get_addr(struct reply *r, const struct nlmsghdr *h)
{
    if (!(h->flags & NLM_F_DUMP))
        return -EOPNOTSUPP;
    uint8_t family = h->len > NLMSG_HDRLEN ? *(const uint8_t *)(h + 1) : AF_UNSPEC;
    if (family == AF_UNSPEC || family == AF_INET) {
        struct netif *ifs[8];
        uint64_t f = net_lock();
        int count = iface_list(ifs, (int)ARRAY_SIZE(ifs));
        for (int i = 0; i < count; i++)
            if (!ip4_addr_isany_val(*netif_ip4_addr(ifs[i])))
                add_addr(r, ifs[i]);
        net_unlock(f);
    }
    add_done(r);
    return 1;
}

static void free_dgrams(struct dgram *d)
{
    while (d) {
        struct dgram *next = d->next;
        kfree(d);
        d = next;
    }
}

/* A dump runs until its NLMSG_DONE is queued: another one asked for
 * meanwhile gets EBUSY (Linux's netlink_dump_start). */
static bool dump_running(struct nl_sk *n, const struct reply *r)
{
    uint64_t f = spin_lock_irqsave(&nl_lock);
    bool running = n->dump || r->dump_rest;
    spin_unlock_irqrestore(&nl_lock, f);
    return running;
}

/* Keeps a dump's first datagram (the one after `before`) in the reply
 * and sets the others aside. */
static void split_dump(struct reply *r, struct dgram *before)
{
    struct dgram *first = before ? before->next : r->head;
    if (!first || !first->next)
        return;                      /* NLMSG_DONE came at once: finished */
    r->dump_rest = first->next;
    first->next = NULL;
    r->tail = first;
}

/* One request, as Linux's netlink_rcv_skb and rtnetlink_rcv_msg. */
static void handle(struct nl_sk *n, struct reply *r, const struct nlmsghdr *h)
{
    r->seq = h->seq;
    int err = 0;
    if ((h->flags & NLM_F_REQUEST) && h->type >= NLMSG_MIN_TYPE) {
        struct dgram *before = r->tail;
        bool dump = h->flags & NLM_F_DUMP;
        bool get = h->type == RTM_GETLINK || h->type == RTM_GETADDR || h->type == RTM_GETROUTE;
        if (get && dump && dump_running(n, r))
            err = -EBUSY;
        else if (h->type == RTM_GETLINK)
            err = get_link(r, h);
        else if (h->type == RTM_GETADDR)
            err = get_addr(r, h);
        else if (h->type == RTM_GETROUTE)
            err = get_route(r, h);
        else
            err = -EOPNOTSUPP;
        if (err == 1) {
            split_dump(r, before);
            return;                  /* a dump: NLMSG_DONE ends it, no ack */
        }
    }
    if (err || (h->flags & NLM_F_ACK))
        add_error(r, h, err, n->cap_ack);
}

/* Appends d to the socket's receive queue. nl_lock held. */
static void enqueue(struct nl_sk *n, struct dgram *d)
{
    d->next = NULL;
    if (n->tail)
        n->tail->next = d;
    else
        n->head = d;
    n->tail = d;
    n->queued += d->len + DGRAM_OVERHEAD;
}

/* Puts the replies on the socket's queue; whatever does not fit in
 * SO_RCVBUF is dropped and the next recvmsg hears ENOBUFS (Linux's
 * netlink_overrun). */
static void deliver(struct nl_sk *n, struct reply *r)
{
    uint64_t f = spin_lock_irqsave(&nl_lock);
    while (r->head) {
        struct dgram *d = r->head;
        r->head = d->next;
        if (n->queued + d->len + DGRAM_OVERHEAD > (size_t)n->sock->rcvbuf) {
            if (!n->no_enobufs)
                n->err = ENOBUFS;
            kfree(d);
            continue;
        }
        enqueue(n, d);
    }
    if (r->dump_rest)
        n->dump = r->dump_rest;
    spin_unlock_irqrestore(&nl_lock, f);
    sock_wake_events(n->sock, POLLIN | POLLRDNORM);
}

static long nl_sendmsg(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct nl_sk *n = nsk(s);
    /* To the kernel (port id 0) or connect's port; a copy to multicast
     * groups reaches nobody, for nobody listens (Linux lets root send). */
    uint64_t f = spin_lock_irqsave(&nl_lock);
    uint32_t to_portid = n->dst_portid;
    spin_unlock_irqrestore(&nl_lock, f);
    if (m->addrlen) {
        const struct sockaddr_nl *to = (const struct sockaddr_nl *)&m->addr;
        if (m->addrlen < (int)sizeof *to || to->nl_family != AF_NETLINK)
            return -EINVAL;
        to_portid = to->nl_pid;
    }
    if (to_portid)
        return -ECONNREFUSED;        /* no socket-to-socket messages here */
    size_t len = m->len;
    if (len > MAX_REQUEST || len > (size_t)s->sndbuf)
        return -EMSGSIZE;
    char *req = kmalloc(len ? len : 1);
    if (!req)
        return -ENOMEM;
    if (msg_copy_from(m, req, len)) {
        kfree(req);
        return -EFAULT;
    }
    f = spin_lock_irqsave(&nl_lock);
    autobind(n);
    struct reply r = { .limit = MAX((size_t)NLMSG_GOODSIZE, n->max_recvmsg_len), .portid = n->portid };
    spin_unlock_irqrestore(&nl_lock, f);
    /* Every whole message in the datagram; a truncated one ends it. */
    for (size_t at = 0; at + NLMSG_HDRLEN <= len && r.err == 0;) {
        const struct nlmsghdr *h = (const struct nlmsghdr *)(req + at);
        if (h->len < NLMSG_HDRLEN || h->len > len - at)
            break;
        handle(n, &r, h);
        at += NLMSG_ALIGN(h->len);
    }
    kfree(req);
    deliver(n, &r);
    return r.err ? r.err : (long)len;
}

/* A running dump's next datagram joins the queue: whether there was
 * one. nl_lock held. */
static bool next_of_dump(struct nl_sk *n)
{
    struct dgram *d = n->dump;
    if (!d)
        return false;
    n->dump = d->next;
    enqueue(n, d);
    return true;
}

static long nl_recvmsg(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct nl_sk *n = nsk(s);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    size_t want = msg_left(m);
    uint64_t timeo = s->rcvtimeo_ns, deadline = sock_deadline(timeo);
    for (;;) {
        uint64_t f = spin_lock_irqsave(&nl_lock);
        n->max_recvmsg_len = MIN(MAX(n->max_recvmsg_len, want), (size_t)MAX_RECVMSG_LEN);
        /* A pending error comes first, the datagrams stay (Linux's
         * sock_error before the queue is looked at). */
        int err = n->err;
        n->err = 0;
        struct dgram *d = err ? NULL : n->head;
        bool more = false;
        if (d && !(flags & MSG_PEEK)) {
            n->head = d->next;
            if (!n->head)
                n->tail = NULL;
            n->queued -= d->len + DGRAM_OVERHEAD;
            more = next_of_dump(n);
        }
        /* A peeked datagram may be taken by another thread meanwhile:
         * copy what is wanted while holding the lock. */
        size_t len = d ? d->len : 0, c = MIN(len, want);
        char *copy = d && (flags & MSG_PEEK) && c ? kmalloc(c) : NULL;
        if (copy)
            memcpy(copy, d->data, c);
        spin_unlock_irqrestore(&nl_lock, f);
        if (more)
            sock_wake_events(s, POLLIN | POLLRDNORM);
        if (err)
            return -err;
        if (d) {
            const char *src = flags & MSG_PEEK ? copy : d->data;
            long r = 0;
            if (c && !src)
                r = -ENOMEM;
            else if (c)
                r = msg_copy_to(m, src, c);
            kfree(flags & MSG_PEEK ? copy : (void *)d);
            if (r < 0)
                return r;
            struct sockaddr_nl *from = (struct sockaddr_nl *)&m->addr;
            memset(from, 0, sizeof *from);
            from->nl_family = AF_NETLINK;  /* from the kernel: port id 0 */
            m->addrlen = (int)sizeof *from;
            if (len > want)
                m->flags_out |= MSG_TRUNC;
            return (long)(flags & MSG_TRUNC ? len : c);
        }
        if (nonblock)
            return -EAGAIN;
        int w = WAIT_EVENT_DEADLINE(&s->wq, n->head || n->err, deadline);
        if (w)
            return sock_wait_error(w, timeo);
    }
}

static unsigned nl_poll(struct socket *s)
{
    struct nl_sk *n = nsk(s);
    uint64_t f = spin_lock_irqsave(&nl_lock);
    unsigned ev = POLLOUT | POLLWRNORM | (n->head ? POLLIN | POLLRDNORM : 0) | (n->err ? POLLERR : 0);
    spin_unlock_irqrestore(&nl_lock, f);
    return ev;
}

static bool *option(struct nl_sk *n, int name)
{
    switch (name) {
    case NETLINK_CAP_ACK: return &n->cap_ack;
    case NETLINK_EXT_ACK: return &n->ext_ack;
    case NETLINK_GET_STRICT_CHK: return &n->strict_chk;
    case NETLINK_NO_ENOBUFS: return &n->no_enobufs;
    default: return NULL;
    }
}

/* The SOL_NETLINK flags: NETLINK_CAP_ACK and NETLINK_NO_ENOBUFS change
 * what is sent; NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK are only
 * remembered (extended-ack attributes are optional, and requests are read
 * as leniently as Linux reads them without strict checking). */
static int nl_setsockopt(struct socket *s, int level, int name, const void *val, int len)
{
    bool *o = level == SOL_NETLINK ? option(nsk(s), name) : NULL;
    if (!o)
        return -ENOPROTOOPT;
    if (len < (int)sizeof(int))
        return -EINVAL;
    *o = sockopt_int(val, len) != 0;
    return 0;
}

static int nl_getsockopt(struct socket *s, int level, int name, void *val, int *len)
{
    bool *o = level == SOL_NETLINK ? option(nsk(s), name) : NULL;
    if (!o)
        return -ENOPROTOOPT;
    if (*len < (int)sizeof(int))
        return -EINVAL;
    return sockopt_put_int(val, len, *o);
}

static int nl_shutdown(struct socket *s, int how) { return -EOPNOTSUPP; }
static int nl_listen(struct socket *s, int backlog) { return -EOPNOTSUPP; }
static int nl_accept(struct socket *s, struct socket **out, bool nonblock) { return -EOPNOTSUPP; }

static void nl_release(struct socket *s)
{
    struct nl_sk *n = nsk(s);
    if (!n)
        return;
    uint64_t f = spin_lock_irqsave(&nl_lock);
    for (struct nl_sk **p = &socks; *p; p = &(*p)->next) {
        if (*p == n) {
            *p = n->next;
            break;
        }
    }
    spin_unlock_irqrestore(&nl_lock, f);
    free_dgrams(n->head);
    free_dgrams(n->dump);
    kfree(n);
}

static const struct proto_ops netlink_ops = {
    .bind = nl_bind, .connect = nl_connect, .listen = nl_listen, .accept = nl_accept,
    .sendmsg = nl_sendmsg, .recvmsg = nl_recvmsg, .shutdown = nl_shutdown, .getname = nl_getname,
    .setsockopt = nl_setsockopt, .getsockopt = nl_getsockopt, .poll = nl_poll, .release = nl_release,
};

int netlink_create(struct socket *s)
{
    if (s->type != SOCK_RAW && s->type != SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    if (s->protocol != NETLINK_ROUTE)
        return -EPROTONOSUPPORT;
    struct nl_sk *n = kzalloc(sizeof *n);
    if (!n)
        return -ENOMEM;
    n->sock = s;
    s->sk = n;
    s->ops = &netlink_ops;
    uint64_t f = spin_lock_irqsave(&nl_lock);
    n->next = socks;
    socks = n;
    spin_unlock_irqrestore(&nl_lock, f);
    return 0;
}
