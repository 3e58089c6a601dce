/* NETLINK_ROUTE sockets as glibc's getifaddrs and if_nameindex use them:
 * socket, bind with port id 0 (the process's id), RTM_GETLINK,
 * RTM_GETADDR and RTM_GETROUTE dumps ending in NLMSG_DONE, EBUSY for a
 * dump asked for while one runs, one interface by index or name with an
 * acknowledgement, NLMSG_ERROR for a missing interface and for a
 * request nobody answers, MSG_PEEK|MSG_TRUNC to learn a datagram's size,
 * a short buffer's MSG_TRUNC. Only the loopback interface is printed:
 * the host's others are not eggos's. */
#include "conf.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000    /* linux/if.h's, which clashes with net/if.h */
#endif

static int nl_socket(void)
{
    return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static unsigned seq = 100;

/* Sends a request of type with body (blen bytes) and attributes after it. */
static long request(int fd, int type, int flags, const void *body, size_t blen, const void *attrs, size_t alen)
{
    char buf[256];
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    memset(buf, 0, sizeof buf);
    h->nlmsg_len = NLMSG_LENGTH(NLMSG_ALIGN(blen) + alen);
    h->nlmsg_type = (unsigned short)type;
    h->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
    h->nlmsg_seq = ++seq;
    memcpy(NLMSG_DATA(h), body, blen);
    memcpy((char *)NLMSG_DATA(h) + NLMSG_ALIGN(blen), attrs, alen);
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    return sendto(fd, buf, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
}

static char dgram[65536];

/* One datagram: its length, or -1. */
static long receive(int fd, int flags)
{
    struct sockaddr_nl from;
    struct iovec v = { dgram, sizeof dgram };
    struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &v, .msg_iovlen = 1 };
    long n = recvmsg(fd, &mh, flags);
    if (n >= 0 && (from.nl_family != AF_NETLINK || from.nl_pid != 0 || mh.msg_namelen != sizeof from))
        printf("a datagram not from the kernel\n");
    return n;
}

struct lo_facts {
    int links, lo_first, lo_index, lo_type, lo_flags, lo_mtu, lo_hw_zero, lo_name, all_multi, seq_ok, pid_ok;
    int done, done_len, done_err;
};

/* The RTM_NEWLINK messages of a dump, until NLMSG_DONE. */
static void read_link_dump(int fd, unsigned portid, struct lo_facts *f)
{
    memset(f, 0, sizeof *f);
    f->seq_ok = f->pid_ok = f->all_multi = 1;
    while (!f->done) {
        long n = receive(fd, 0);
        if (n <= 0)
            return;
        for (struct nlmsghdr *h = (struct nlmsghdr *)dgram; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            f->seq_ok &= h->nlmsg_seq == seq;
            f->pid_ok &= h->nlmsg_pid == portid;
            f->all_multi &= (h->nlmsg_flags & NLM_F_MULTI) != 0;
            if (h->nlmsg_type == NLMSG_ERROR)
                return;                  /* no dump: done stays 0 */
            if (h->nlmsg_type == NLMSG_DONE) {
                f->done = 1;
                f->done_len = (int)h->nlmsg_len;
                f->done_err = *(int *)NLMSG_DATA(h);
                break;
            }
            if (h->nlmsg_type != RTM_NEWLINK)
                continue;
            struct ifinfomsg *ifi = NLMSG_DATA(h);
            if (f->links++ == 0)
                f->lo_first = ifi->ifi_index == 1;
            if (ifi->ifi_index != 1)
                continue;
            f->lo_index = 1;
            f->lo_type = ifi->ifi_type;
            f->lo_flags = (int)ifi->ifi_flags;
            int len = (int)IFLA_PAYLOAD(h);
            for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                if (a->rta_type == IFLA_MTU)
                    f->lo_mtu = *(int *)RTA_DATA(a);
                if (a->rta_type == IFLA_IFNAME)
                    f->lo_name = !strcmp(RTA_DATA(a), "lo");
                if (a->rta_type == IFLA_ADDRESS)
                    f->lo_hw_zero = RTA_PAYLOAD(a) == 6 && !memcmp(RTA_DATA(a), "\0\0\0\0\0\0", 6);
            }
        }
    }
}

static void link_dump(int fd, unsigned portid)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    CHECK_RET("RTM_GETLINK dump sent", request(fd, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi, NULL, 0),
              NLMSG_LENGTH(sizeof ifi));
    struct lo_facts f;
    read_link_dump(fd, portid, &f);
    CHECK("dump ends with NLMSG_DONE, error 0", f.done && f.done_len == NLMSG_LENGTH(sizeof(int)) &&
          f.done_err == 0);
    CHECK("every message NLM_F_MULTI, the request's seq, our port id", f.all_multi && f.seq_ok && f.pid_ok);
    CHECK("lo is listed first, index 1", f.links >= 1 && f.lo_first && f.lo_index);
    CHECK("lo: ARPHRD_LOOPBACK", f.lo_type == ARPHRD_LOOPBACK);
    CHECK("lo: UP|LOOPBACK|RUNNING|LOWER_UP", (f.lo_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP))
          == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP) && !(f.lo_flags & IFF_BROADCAST));
    CHECK("lo: IFLA_IFNAME lo, IFLA_MTU 65536, IFLA_ADDRESS zeros", f.lo_name && f.lo_mtu == 65536 && f.lo_hw_zero);
}

/* NLM_F_ROOT alone asks for a dump too. */
static void root_dump(int fd, unsigned portid)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    request(fd, RTM_GETLINK, NLM_F_ROOT, &ifi, sizeof ifi, NULL, 0);
    struct lo_facts f;
    read_link_dump(fd, portid, &f);
    CHECK("NLM_F_ROOT alone: a dump with lo, ending in NLMSG_DONE", f.done && f.lo_index && f.seq_ok);
}

/* A second dump asked for before the first one's NLMSG_DONE is EBUSY,
 * and the first goes on. */
static void busy_dump(int fd)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    request(fd, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi, NULL, 0);
    unsigned first = seq;
    request(fd, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi, NULL, 0);
    int busy = 0, done = 0, others = 0;
    while (!done) {
        long n = receive(fd, MSG_DONTWAIT);
        if (n <= 0)
            break;
        for (struct nlmsghdr *h = (struct nlmsghdr *)dgram; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == seq)
                busy = ((struct nlmsgerr *)NLMSG_DATA(h))->error == -EBUSY && !done;
            else if (h->nlmsg_type == NLMSG_DONE && h->nlmsg_seq == first)
                done = 1;
            else if (h->nlmsg_seq != first)
                others++;
        }
    }
    CHECK("a second dump before the first's NLMSG_DONE: EBUSY", busy);
    CHECK("the first ends with its NLMSG_DONE, nothing else came", done && !others);
    CHECK_ERRNO("then nothing waits", receive(fd, MSG_DONTWAIT), EAGAIN);
}

static void addr_dump(int fd)
{
    struct ifaddrmsg ifa = { .ifa_family = AF_INET };
    CHECK_RET("RTM_GETADDR dump sent", request(fd, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof ifa, NULL, 0),
              NLMSG_LENGTH(sizeof ifa));
    int done = 0, lo = 0, lo_brd = 0, lo_label = 0, inet_only = 1;
    while (!done) {
        long n = receive(fd, 0);
        if (n <= 0)
            break;
        for (struct nlmsghdr *h = (struct nlmsghdr *)dgram; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                done = 1;
                break;
            }
            struct ifaddrmsg *m = NLMSG_DATA(h);
            inet_only &= m->ifa_family == AF_INET;
            if (m->ifa_index != 1)
                continue;
            int len = (int)IFA_PAYLOAD(h);
            uint32_t local = 0;
            for (struct rtattr *a = IFA_RTA(m); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                if (a->rta_type == IFA_LOCAL)
                    local = *(uint32_t *)RTA_DATA(a);
                if (a->rta_type == IFA_BROADCAST)
                    lo_brd = 1;
                if (a->rta_type == IFA_LABEL)
                    lo_label = !strcmp(RTA_DATA(a), "lo");
            }
            if (local == htonl(INADDR_LOOPBACK) && m->ifa_prefixlen == 8 && m->ifa_scope == RT_SCOPE_HOST)
                lo = 1;
        }
    }
    CHECK("address dump ends with NLMSG_DONE", done);
    CHECK("only AF_INET addresses, as asked", inet_only);
    CHECK("lo has 127.0.0.1/8, scope host, label lo, no broadcast", lo && lo_label && !lo_brd);
}

/* The local table's routes every Linux has for lo, in an RTM_GETROUTE
 * dump: 127.0.0.0/8 and 127.0.0.1 local, 127.255.255.255 broadcast. */
static void route_dump(int fd)
{
    struct rtmsg rtm = { .rtm_family = AF_INET };
    CHECK_RET("RTM_GETROUTE dump sent", request(fd, RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof rtm, NULL, 0),
              NLMSG_LENGTH(sizeof rtm));
    int done = 0, net = 0, host = 0, brd = 0;
    while (!done) {
        long n = receive(fd, 0);
        if (n <= 0)
            break;
        for (struct nlmsghdr *h = (struct nlmsghdr *)dgram; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                done = 1;
                break;
            }
            struct rtmsg *m = NLMSG_DATA(h);
            int len = (int)RTM_PAYLOAD(h), oif = 0;
            uint32_t dst = 0, src = 0;
            for (struct rtattr *a = RTM_RTA(m); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                if (a->rta_type == RTA_DST)
                    dst = ntohl(*(uint32_t *)RTA_DATA(a));
                if (a->rta_type == RTA_PREFSRC)
                    src = ntohl(*(uint32_t *)RTA_DATA(a));
                if (a->rta_type == RTA_OIF)
                    oif = *(int *)RTA_DATA(a);
            }
            if (m->rtm_table != RT_TABLE_LOCAL || oif != 1 || src != INADDR_LOOPBACK || m->rtm_family != AF_INET)
                continue;
            net |= m->rtm_type == RTN_LOCAL && m->rtm_scope == RT_SCOPE_HOST && dst == 0x7f000000 &&
                   m->rtm_dst_len == 8;
            host |= m->rtm_type == RTN_LOCAL && m->rtm_scope == RT_SCOPE_HOST && dst == INADDR_LOOPBACK &&
                    m->rtm_dst_len == 32;
            brd |= m->rtm_type == RTN_BROADCAST && m->rtm_scope == RT_SCOPE_LINK && dst == 0x7fffffff &&
                   m->rtm_dst_len == 32;
        }
    }
    CHECK("route dump ends with NLMSG_DONE", done);
    CHECK("local 127.0.0.0/8 dev lo scope host src 127.0.0.1", net);
    CHECK("local 127.0.0.1 dev lo scope host src 127.0.0.1", host);
    CHECK("broadcast 127.255.255.255 dev lo scope link src 127.0.0.1", brd);
}

/* The next datagram must be one NLMSG_ERROR: its error, its length in
 * *len and its flags in *flags. */
static int error_reply(int fd, int *len, int *flags)
{
    long n = receive(fd, MSG_DONTWAIT);
    struct nlmsghdr *h = (struct nlmsghdr *)dgram;
    if (n < (long)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != seq)
        return 12345;
    *len = (int)h->nlmsg_len;
    *flags = h->nlmsg_flags;
    return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

static void one_link(int fd)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 1 };
    request(fd, RTM_GETLINK, NLM_F_ACK, &ifi, sizeof ifi, NULL, 0);
    long n = receive(fd, MSG_DONTWAIT);
    struct nlmsghdr *h = (struct nlmsghdr *)dgram;
    CHECK("RTM_GETLINK index 1: one RTM_NEWLINK for lo, not NLM_F_MULTI", n > 0 && h->nlmsg_type == RTM_NEWLINK &&
          ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index == 1 && !(h->nlmsg_flags & NLM_F_MULTI) &&
          (long)h->nlmsg_len == n);
    int len, flags;
    CHECK("then the acknowledgement: error 0, capped", error_reply(fd, &len, &flags) == 0 &&
          len == NLMSG_LENGTH(sizeof(struct nlmsgerr)) && (flags & NLM_F_CAPPED));

    char attr[RTA_SPACE(3)];
    struct rtattr *a = (struct rtattr *)attr;
    a->rta_len = RTA_LENGTH(3);
    a->rta_type = IFLA_IFNAME;
    memcpy(RTA_DATA(a), "lo", 3);
    struct ifinfomsg any = { .ifi_family = AF_UNSPEC };
    request(fd, RTM_GETLINK, 0, &any, sizeof any, attr, sizeof attr);
    n = receive(fd, MSG_DONTWAIT);
    CHECK("RTM_GETLINK IFLA_IFNAME lo: index 1", n > 0 && h->nlmsg_type == RTM_NEWLINK &&
          ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index == 1);
    CHECK_ERRNO("no acknowledgement unasked", receive(fd, MSG_DONTWAIT), EAGAIN);

    struct ifinfomsg missing = { .ifi_family = AF_UNSPEC, .ifi_index = 0x7ffffff0 };
    request(fd, RTM_GETLINK, 0, &missing, sizeof missing, NULL, 0);
    int e = error_reply(fd, &len, &flags);
    printf("RTM_GETLINK of a missing index: %s\n", e < 0 ? errname(-e) : "no error");
    CHECK("the error echoes the whole request", len == NLMSG_LENGTH(sizeof(int)) + NLMSG_LENGTH(sizeof missing) &&
          !(flags & NLM_F_CAPPED));

    request(fd, 1000, 0, &any, sizeof any, NULL, 0);
    e = error_reply(fd, &len, &flags);
    printf("an unknown request type: %s\n", e < 0 ? errname(-e) : "no error");

    int one = 1;
    CHECK_RET("NETLINK_CAP_ACK", setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one), 0);
    request(fd, RTM_GETLINK, 0, &missing, sizeof missing, NULL, 0);
    e = error_reply(fd, &len, &flags);
    CHECK("capped: the error has only the request's header", e == -ENODEV &&
          len == NLMSG_LENGTH(sizeof(struct nlmsgerr)) && (flags & NLM_F_CAPPED));
}

static void peek_and_trunc(int fd)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 1 };
    request(fd, RTM_GETLINK, 0, &ifi, sizeof ifi, NULL, 0);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK_RET("poll: a reply waits", poll(&p, 1, 0), 1);
    long size = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
    CHECK("MSG_PEEK|MSG_TRUNC with no buffer tells the datagram's size", size > (long)NLMSG_LENGTH(sizeof ifi));
    CHECK_RET("a peek with room gets that many bytes", recv(fd, dgram, sizeof dgram, MSG_PEEK), size);
    char small[8];
    struct iovec v = { small, sizeof small };
    struct msghdr mh = { .msg_iov = &v, .msg_iovlen = 1 };
    CHECK_RET("an 8-byte buffer gets 8 bytes", recvmsg(fd, &mh, 0), 8);
    CHECK("with MSG_TRUNC in msg_flags", (mh.msg_flags & MSG_TRUNC) != 0);
    CHECK_RET("and the rest is gone: poll", poll(&p, 1, 0), 0);
    CHECK_ERRNO("recv on an empty socket, MSG_DONTWAIT", recv(fd, small, sizeof small, MSG_DONTWAIT), EAGAIN);
}

static void with_glibc(void)
{
    struct ifaddrs *all = NULL;
    CHECK_RET("getifaddrs", getifaddrs(&all), 0);
    int packet = 0, inet = 0;
    for (struct ifaddrs *i = all; i; i = i->ifa_next) {
        if (strcmp(i->ifa_name, "lo") || !i->ifa_addr)
            continue;
        if (i->ifa_addr->sa_family == AF_PACKET)
            packet = (i->ifa_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)) == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
        if (i->ifa_addr->sa_family == AF_INET)
            inet = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
                   ((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr == htonl(0xff000000);
    }
    freeifaddrs(all);
    CHECK("getifaddrs: lo's link, up, loopback, running", packet);
    CHECK("getifaddrs: lo's 127.0.0.1 netmask 255.0.0.0", inet);
    struct if_nameindex *ni = if_nameindex();
    CHECK("if_nameindex: 1 lo first", ni && ni[0].if_index == 1 && !strcmp(ni[0].if_name, "lo"));
    if_freenameindex(ni);
}

int main(void)
{
    CHECK_ERRNO("SOCK_STREAM", socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), ESOCKTNOSUPPORT);
    int fd = nl_socket();
    CHECK("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)", fd >= 0);
    struct sockaddr_nl me = { .nl_family = AF_NETLINK };
    socklen_t len = sizeof me;
    CHECK_RET("getsockname before bind", getsockname(fd, (struct sockaddr *)&me, &len), 0);
    CHECK("port id 0 before bind", me.nl_pid == 0 && me.nl_family == AF_NETLINK && len == sizeof me);
    CHECK_RET("bind port id 0", bind(fd, (struct sockaddr *)&me, sizeof me), 0);
    CHECK_RET("getsockname", getsockname(fd, (struct sockaddr *)&me, &len), 0);
    CHECK("the first socket's port id is the process's id", me.nl_pid == (unsigned)getpid());

    int other = nl_socket();
    struct sockaddr_nl taken = { .nl_family = AF_NETLINK, .nl_pid = me.nl_pid };
    CHECK_ERRNO("bind another to the same port id", bind(other, (struct sockaddr *)&taken, sizeof taken), EADDRINUSE);
    CHECK_ERRNO("bind with a short address", bind(other, (struct sockaddr *)&taken, 8), EINVAL);
    struct sockaddr_nl auto_ = { .nl_family = AF_NETLINK };
    bind(other, (struct sockaddr *)&auto_, sizeof auto_);
    getsockname(other, (struct sockaddr *)&auto_, &len);
    CHECK("the second gets another, nonzero", auto_.nl_pid != 0 && auto_.nl_pid != me.nl_pid);
    close(other);

    link_dump(fd, me.nl_pid);
    root_dump(fd, me.nl_pid);
    busy_dump(fd);
    addr_dump(fd);
    route_dump(fd);
    one_link(fd);
    peek_and_trunc(fd);

    struct sockaddr_nl nobody = { .nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0 };
    CHECK_ERRNO("sendto a port id nobody has", sendto(fd, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody),
                ECONNREFUSED);
    CHECK_RET("connect to that port id", connect(fd, (struct sockaddr *)&nobody, sizeof nobody), 0);
    CHECK_ERRNO("send there", send(fd, "x", 1, 0), ECONNREFUSED);
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    CHECK_RET("connect to the kernel", connect(fd, (struct sockaddr *)&kernel, sizeof kernel), 0);
    struct { struct nlmsghdr h; struct ifinfomsg i; } req = {
        .h = { .nlmsg_len = sizeof req, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = ++seq },
        .i = { .ifi_index = 1 },
    };
    CHECK_RET("send a request with no address", send(fd, &req, sizeof req, 0), sizeof req);
    long n = receive(fd, MSG_DONTWAIT);
    CHECK("lo's RTM_NEWLINK comes back", n > 0 && ((struct nlmsghdr *)dgram)->nlmsg_type == RTM_NEWLINK);
    close(fd);
    with_glibc();
    printf("done\n");
    return 0;
}
