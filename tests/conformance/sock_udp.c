/* UDP over 127.0.0.1: sendto/recvfrom with addresses, message boundaries,
 * truncation (MSG_TRUNC in and out), MSG_PEEK, FIONREAD (the next
 * datagram's size), zero-length datagrams, connect (send without an
 * address, getpeername, AF_UNSPEC to undo it), EDESTADDRREQ, EAGAIN,
 * sendmmsg/recvmmsg, a 60000-byte datagram, and ICMP's port unreachable
 * reaching a connected socket (ECONNREFUSED) but not an unconnected one. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

static int bound_socket(struct sockaddr_in *a)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = 0;
    socklen_t l = sizeof *a;
    bind(s, (struct sockaddr *)a, sizeof *a);
    getsockname(s, (struct sockaddr *)a, &l);
    return s;
}

int main(void)
{
    struct sockaddr_in aa, ba;
    int a = bound_socket(&aa), b = bound_socket(&ba);
    int v;
    socklen_t vl = sizeof v;
    getsockopt(a, SOL_SOCKET, SO_TYPE, &v, &vl);
    CHECK("SO_TYPE is SOCK_DGRAM", v == SOCK_DGRAM);
    getsockopt(a, SOL_SOCKET, SO_PROTOCOL, &v, &vl);
    CHECK("SO_PROTOCOL is IPPROTO_UDP", v == IPPROTO_UDP);
    CHECK("bound to ports", aa.sin_port != 0 && ba.sin_port != 0 && aa.sin_port != ba.sin_port);

    CHECK_RET("sendto b", sendto(a, "first", 5, 0, (struct sockaddr *)&ba, sizeof ba), 5);
    CHECK_RET("sendto b again", sendto(a, "second!", 7, 0, (struct sockaddr *)&ba, sizeof ba), 7);
    CHECK_RET("sendto b, empty", sendto(a, "", 0, 0, (struct sockaddr *)&ba, sizeof ba), 0);
    struct pollfd p = { b, POLLIN, 0 };
    CHECK("poll: readable", poll(&p, 1, 5000) == 1 && p.revents == POLLIN);
    int n = -1;
    CHECK_RET("FIONREAD", ioctl(b, FIONREAD, &n), 0);
    CHECK("FIONREAD is the first datagram's size", n == 5);
    char buf[70000];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    CHECK_RET("MSG_PEEK", recvfrom(b, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&from, &fl), 5);
    CHECK("peek sender is a", fl == sizeof from && from.sin_port == aa.sin_port && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    memset(buf, 0, 16);
    fl = sizeof from;
    CHECK_RET("recvfrom 3 of 5 bytes", recvfrom(b, buf, 3, 0, (struct sockaddr *)&from, &fl), 3);
    CHECK("the first 3 bytes", memcmp(buf, "fir", 4) == 0);
    CHECK_RET("MSG_TRUNC returns the real length", recv(b, buf, 2, MSG_TRUNC), 7);
    CHECK_RET("the empty datagram", recv(b, buf, sizeof buf, 0), 0);
    CHECK_ERRNO("nothing left", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);

    /* recvmsg's MSG_TRUNC flag. */
    sendto(a, "0123456789", 10, 0, (struct sockaddr *)&ba, sizeof ba);
    struct iovec iov = { buf, 4 };
    char control[64];
    struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = control, .msg_controllen = sizeof control };
    CHECK_RET("recvmsg 4 of 10", recvmsg(b, &mh, 0), 4);
    CHECK("msg_flags has MSG_TRUNC", mh.msg_flags == MSG_TRUNC);
    CHECK("no ancillary data", mh.msg_controllen == 0 && CMSG_FIRSTHDR(&mh) == NULL);
    CHECK("msg_namelen", mh.msg_namelen == sizeof from && from.sin_port == aa.sin_port);

    /* Scatter/gather: two pieces out, three pieces in. */
    struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } };
    struct msghdr om = { .msg_name = &ba, .msg_namelen = sizeof ba, .msg_iov = out, .msg_iovlen = 2 };
    CHECK_RET("sendmsg two pieces", sendmsg(a, &om, 0), 8);
    char p1[2], p2[3], p3[10];
    struct iovec in[3] = { { p1, 2 }, { p2, 3 }, { p3, 10 } };
    struct msghdr im = { .msg_iov = in, .msg_iovlen = 3 };
    CHECK_RET("recvmsg three pieces", recvmsg(b, &im, 0), 8);
    CHECK("scattered right", memcmp(p1, "ab", 2) == 0 && memcmp(p2, "cde", 3) == 0 && memcmp(p3, "fgh", 3) == 0);

    /* writev and readv: one datagram each. */
    int w = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK_RET("connect to a", connect(w, (struct sockaddr *)&aa, sizeof aa), 0);
    CHECK_RET("writev two pieces", writev(w, out, 2), 8);
    CHECK_RET("one datagram of 8", recv(a, buf, sizeof buf, 0), 8);
    CHECK_RET("write 5", write(w, "vwxyz", 5), 5);
    CHECK_RET("readv into three buffers", readv(a, in, 3), 5);
    CHECK("spread over them", memcmp(p1, "vw", 2) == 0 && memcmp(p2, "xyz", 3) == 0);
    close(w);

    CHECK_ERRNO("send without an address", send(a, "x", 1, 0), EDESTADDRREQ);
    CHECK_ERRNO("getpeername unconnected", getpeername(a, (struct sockaddr *)&from, &fl), ENOTCONN);
    CHECK_RET("connect a to b", connect(a, (struct sockaddr *)&ba, sizeof ba), 0);
    fl = sizeof from;
    CHECK_RET("getpeername", getpeername(a, (struct sockaddr *)&from, &fl), 0);
    CHECK("peer is b", from.sin_port == ba.sin_port);
    CHECK_RET("send connected", send(a, "conn", 4, 0), 4);
    CHECK_RET("write connected", write(a, "w", 1), 1);
    CHECK_RET("recv it", recv(b, buf, sizeof buf, 0), 4);
    CHECK_RET("read it", read(b, buf, sizeof buf), 1);
    struct sockaddr_in unspec = { .sin_family = AF_UNSPEC };
    CHECK_RET("connect AF_UNSPEC", connect(a, (struct sockaddr *)&unspec, sizeof unspec), 0);
    CHECK_ERRNO("unconnected again", send(a, "x", 1, 0), EDESTADDRREQ);

    /* A big datagram (fragmented on a real network). */
    for (int i = 0; i < 60000; i++)
        buf[i] = (char)(i * 13);
    CHECK_RET("sendto 60000 bytes", sendto(a, buf, 60000, 0, (struct sockaddr *)&ba, sizeof ba), 60000);
    static char got[70000];
    CHECK_RET("recv 60000 bytes", recv(b, got, sizeof got, 0), 60000);
    CHECK("the same bytes", memcmp(buf, got, 60000) == 0);
    CHECK_ERRNO("sendto 65508 bytes", sendto(a, buf, 65508, 0, (struct sockaddr *)&ba, sizeof ba), EMSGSIZE);

    /* sendmmsg / recvmmsg */
    struct mmsghdr mm[3];
    struct iovec mv[3] = { { "one", 3 }, { "two!", 4 }, { "three", 5 } };
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_name = &ba;
        mm[i].msg_hdr.msg_namelen = sizeof ba;
        mm[i].msg_hdr.msg_iov = &mv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    CHECK_RET("sendmmsg 3", sendmmsg(a, mm, 3, 0), 3);
    CHECK("msg_len set", mm[0].msg_len == 3 && mm[1].msg_len == 4 && mm[2].msg_len == 5);
    char r[3][8];
    struct iovec rv[3] = { { r[0], 8 }, { r[1], 8 }, { r[2], 8 } };
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_iov = &rv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    /* The three may not all be there yet on a busy host: wait for each. */
    int got3 = 0;
    for (int tries = 0; got3 < 3 && tries < 100; tries++) {
        poll(&p, 1, 1000);
        int k = recvmmsg(b, mm + got3, 3 - got3, MSG_DONTWAIT, NULL);
        if (k > 0)
            got3 += k;
    }
    CHECK("recvmmsg got 3", got3 == 3);
    CHECK("in order", mm[0].msg_len == 3 && memcmp(r[0], "one", 3) == 0 && mm[1].msg_len == 4 &&
          memcmp(r[1], "two!", 4) == 0 && mm[2].msg_len == 5 && memcmp(r[2], "three", 5) == 0);

    int c = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK_RET("sendto from an unbound socket", sendto(c, "auto", 4, 0, (struct sockaddr *)&ba, sizeof ba), 4);
    struct sockaddr_in ca;
    socklen_t cl = sizeof ca;
    getsockname(c, (struct sockaddr *)&ca, &cl);
    CHECK("it got a port", ca.sin_port != 0);
    fl = sizeof from;
    recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    CHECK("the sender's port", from.sin_port == ca.sin_port);
    CHECK_ERRNO("bind b's port again", bind(c, (struct sockaddr *)&ba, sizeof ba), EINVAL);
    int d = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK_ERRNO("bind a used port", bind(d, (struct sockaddr *)&ba, sizeof ba), EADDRINUSE);
    CHECK_ERRNO("listen on UDP", listen(d, 1), EOPNOTSUPP);
    CHECK_ERRNO("accept on UDP", accept(d, NULL, NULL), EOPNOTSUPP);
    struct sockaddr_in bad = ba;
    bad.sin_port = 0;
    CHECK_ERRNO("sendto port 0", sendto(d, "x", 1, 0, (struct sockaddr *)&bad, sizeof bad), EINVAL);
    CHECK_ERRNO("sendto a short address", sendto(d, "x", 1, 0, (struct sockaddr *)&ba, 8), EINVAL);

    /* A closed port: the ICMP error comes back to a connected socket. */
    struct sockaddr_in closed;
    int z = bound_socket(&closed);
    close(z);
    int e = socket(AF_INET, SOCK_DGRAM, 0);
    connect(e, (struct sockaddr *)&closed, sizeof closed);
    CHECK_RET("send to a closed port", send(e, "x", 1, 0), 1);
    struct pollfd pe = { e, POLLIN, 0 };
    CHECK("poll: POLLERR", poll(&pe, 1, 5000) == 1 && pe.revents == POLLERR);
    CHECK_ERRNO("recv: ECONNREFUSED", recv(e, buf, sizeof buf, MSG_DONTWAIT), ECONNREFUSED);
    CHECK_ERRNO("then EAGAIN", recv(e, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    CHECK_RET("send again", send(e, "x", 1, 0), 1);
    poll(&pe, 1, 5000);
    CHECK_ERRNO("the next send reports it", send(e, "x", 1, 0), ECONNREFUSED);
    vl = sizeof v;
    getsockopt(e, SOL_SOCKET, SO_ERROR, &v, &vl);
    CHECK("SO_ERROR was taken", v == 0);
    int f = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK_RET("unconnected sendto a closed port", sendto(f, "x", 1, 0, (struct sockaddr *)&closed, sizeof closed), 1);
    usleep(20000);
    CHECK_ERRNO("unconnected: no error", recv(f, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    close(e);
    close(f);
    close(a);
    close(b);
    close(c);
    close(d);
    printf("done\n");
    return 0;
}
