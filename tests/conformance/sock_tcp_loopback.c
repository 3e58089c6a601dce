/* TCP over 127.0.0.1 in one process: a server thread and a client. The
 * handshake, addresses (relations only: ports are ephemeral), 8 MiB each
 * way with a checksum (flow control in both directions at once), MSG_PEEK,
 * MSG_WAITALL, FIONREAD, half-close (shutdown SHUT_WR: the other side
 * reads EOF and can still send), accept4's flags, the options every
 * socket reports, and EADDRINUSE for a second listener on a port. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define BULK (8 << 20)

static struct sockaddr_in server_addr;
static int listener;

static uint32_t checksum(uint32_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static unsigned char pattern(long i) { return (unsigned char)(i * 7 + (i >> 13)); }

/* Sends BULK bytes of the pattern on fd; returns their checksum. Threads
 * print nothing (the order of lines must not depend on scheduling): they
 * leave what they saw for main. */
static uint32_t send_bulk(int fd)
{
    static __thread unsigned char buf[65536 + 1000];
    uint32_t h = 2166136261u;
    long sent = 0;
    size_t step = 1000;
    while (sent < BULK) {
        size_t n = step < (size_t)(BULK - sent) ? step : (size_t)(BULK - sent);
        for (size_t i = 0; i < n; i++)
            buf[i] = pattern(sent + (long)i);
        ssize_t w = write(fd, buf, n);
        if (w <= 0)
            break;
        h = checksum(h, buf, (size_t)w);
        sent += w;
        step = step * 3 % 65536 + 1;        /* odd sizes, so segments never line up */
    }
    return h;
}

/* Reads until EOF; the byte count and checksum. */
static uint32_t recv_all(int fd, long *count)
{
    static __thread unsigned char buf[70000];
    uint32_t h = 2166136261u;
    long n = 0, bad = 0;
    ssize_t r;
    size_t step = 777;
    while ((r = read(fd, buf, step)) > 0) {
        for (ssize_t i = 0; i < r; i++)
            bad += buf[i] != pattern(n + i);
        h = checksum(h, buf, (size_t)r);
        n += r;
        step = step * 5 % 70000 + 1;
    }
    *count = r < 0 || bad ? -1 : n;
    return h;
}

struct result {
    uint32_t got_sum, sent_sum;
    long got;
    int fd, flags, fdflags, waitall, shut, late, late_errno;
    socklen_t plen;
    struct sockaddr_in peer;
    char hello[6];
};

static void *server(void *arg)
{
    struct result *res = arg;
    res->plen = sizeof res->peer;
    int c = res->fd = accept4(listener, (struct sockaddr *)&res->peer, &res->plen, SOCK_CLOEXEC);
    res->fdflags = fcntl(c, F_GETFD);
    res->flags = fcntl(c, F_GETFL);
    /* A greeting, then both directions at once: the server sends 8 MiB
     * while the client does the same; each side reads on another thread. */
    res->waitall = (int)recv(c, res->hello, 6, MSG_WAITALL);
    res->sent_sum = send_bulk(c);
    res->shut = shutdown(c, SHUT_WR);
    res->got_sum = recv_all(c, &res->got);
    errno = 0;
    res->late = (int)send(c, "late", 4, MSG_NOSIGNAL);
    res->late_errno = errno;
    close(c);
    return NULL;
}

static void *client_reader(void *arg)
{
    int fd = (int)(long)arg;
    struct result *r = malloc(sizeof *r);
    r->got_sum = recv_all(fd, &r->got);
    return r;
}

int main(void)
{
    listener = socket(AF_INET, SOCK_STREAM, 0);
    CHECK("socket", listener >= 0);
    int v;
    socklen_t vl = sizeof v;
    CHECK_RET("SO_TYPE", getsockopt(listener, SOL_SOCKET, SO_TYPE, &v, &vl), 0);
    CHECK("SO_TYPE is SOCK_STREAM", v == SOCK_STREAM && vl == sizeof v);
    getsockopt(listener, SOL_SOCKET, SO_DOMAIN, &v, &vl);
    CHECK("SO_DOMAIN is AF_INET", v == AF_INET);
    getsockopt(listener, SOL_SOCKET, SO_PROTOCOL, &v, &vl);
    CHECK("SO_PROTOCOL is IPPROTO_TCP", v == IPPROTO_TCP);
    getsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &v, &vl);
    CHECK("SO_REUSEADDR off by default", v == 0);
    v = 1;
    CHECK_RET("SO_REUSEADDR on", setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v), 0);
    vl = sizeof v;
    getsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &v, &vl);
    CHECK("SO_REUSEADDR reads back", v == 1);
    CHECK_RET("F_GETFL of a socket", fcntl(listener, F_GETFL), O_RDWR);

    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CHECK_RET("bind 127.0.0.1:0", bind(listener, (struct sockaddr *)&a, sizeof a), 0);
    CHECK_ERRNO("bind twice", bind(listener, (struct sockaddr *)&a, sizeof a), EINVAL);
    socklen_t alen = sizeof server_addr;
    CHECK_RET("getsockname", getsockname(listener, (struct sockaddr *)&server_addr, &alen), 0);
    CHECK("bound to an ephemeral port", server_addr.sin_port != 0 && alen == sizeof server_addr);
    CHECK("bound address is 127.0.0.1", server_addr.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    CHECK_ERRNO("getpeername of a listener-to-be", getpeername(listener, (struct sockaddr *)&a, &alen), ENOTCONN);
    vl = sizeof v;
    getsockopt(listener, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    CHECK("SO_ACCEPTCONN before listen", v == 0);
    CHECK_RET("listen", listen(listener, 8), 0);
    getsockopt(listener, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    CHECK("SO_ACCEPTCONN after listen", v == 1);

    /* A second socket on the same port, even with SO_REUSEADDR, cannot listen. */
    int other = socket(AF_INET, SOCK_STREAM, 0);
    v = 1;
    setsockopt(other, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v);
    CHECK_ERRNO("bind to a listening port", bind(other, (struct sockaddr *)&server_addr, sizeof server_addr), EADDRINUSE);
    close(other);

    /* listen without bind picks a port. */
    other = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_RET("listen on an unbound socket", listen(other, 1), 0);
    struct sockaddr_in o;
    alen = sizeof o;
    getsockname(other, (struct sockaddr *)&o, &alen);
    CHECK("it got a port, on 0.0.0.0", o.sin_port != 0 && o.sin_addr.s_addr == 0);
    close(other);

    struct result sres;
    pthread_t st;
    pthread_create(&st, NULL, server, &sres);

    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_RET("connect", connect(c, (struct sockaddr *)&server_addr, sizeof server_addr), 0);
    CHECK_ERRNO("connect again", connect(c, (struct sockaddr *)&server_addr, sizeof server_addr), EISCONN);
    struct sockaddr_in local, peer;
    alen = sizeof local;
    getsockname(c, (struct sockaddr *)&local, &alen);
    alen = sizeof peer;
    CHECK_RET("getpeername", getpeername(c, (struct sockaddr *)&peer, &alen), 0);
    CHECK("peer is the server", peer.sin_port == server_addr.sin_port && peer.sin_addr.s_addr == server_addr.sin_addr.s_addr);
    CHECK("local is 127.0.0.1, another port", local.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && local.sin_port != server_addr.sin_port && local.sin_port != 0);
    v = 1;
    CHECK_RET("TCP_NODELAY on", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v), 0);
    vl = sizeof v;
    v = 0;
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
    CHECK("TCP_NODELAY reads back", v != 0);

    CHECK_RET("send greeting in two parts", send(c, "hel", 3, 0) + send(c, "lo!", 3, 0), 6);
    pthread_t rt;
    pthread_create(&rt, NULL, client_reader, (void *)(long)c);
    uint32_t csent = send_bulk(c);
    CHECK_RET("client shutdown SHUT_WR", shutdown(c, SHUT_WR), 0);
    struct result *cres;
    pthread_join(rt, (void **)&cres);
    pthread_join(st, NULL);
    CHECK("accept4 gives a descriptor", sres.fd >= 0);
    CHECK("accept4 peer length", sres.plen == sizeof sres.peer);
    CHECK("accept4 peer is the client", sres.peer.sin_family == AF_INET &&
          sres.peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && sres.peer.sin_port == local.sin_port);
    CHECK("accept4 SOCK_CLOEXEC", sres.fdflags == FD_CLOEXEC);
    CHECK("accepted socket is blocking", (sres.flags & O_NONBLOCK) == 0);
    CHECK("server reads greeting (MSG_WAITALL)", sres.waitall == 6 && memcmp(sres.hello, "hello!", 6) == 0);
    CHECK("server shutdown SHUT_WR", sres.shut == 0);
    CHECK("send after own SHUT_WR: EPIPE", sres.late == -1 && sres.late_errno == EPIPE);
    CHECK("server got all the client's bytes", sres.got == BULK);
    CHECK("client got all the server's bytes", cres->got == BULK);
    CHECK("client->server checksum", sres.got_sum == csent);
    CHECK("server->client checksum", cres->got_sum == sres.sent_sum);
    CHECK_RET("read at EOF", read(c, &v, 1), 0);
    close(c);

    /* MSG_PEEK and FIONREAD on a fresh connection. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&server_addr, sizeof server_addr);
    int s = accept(listener, NULL, NULL);
    CHECK("accept with NULL address", s >= 0);
    CHECK_RET("send 10", send(c, "0123456789", 10, 0), 10);
    int avail = -1;
    for (int i = 0; i < 1000 && avail < 10; i++) {
        ioctl(s, FIONREAD, &avail);
        if (avail < 10)
            usleep(1000);
    }
    CHECK("FIONREAD sees 10", avail == 10);
    char buf[16] = {0};
    CHECK_RET("MSG_PEEK 4", recv(s, buf, 4, MSG_PEEK), 4);
    CHECK_RET("read 6", read(s, buf, 6), 6);
    CHECK("peeked bytes are read again", memcmp(buf, "012345", 6) == 0);
    CHECK_RET("read the rest", read(s, buf, 16), 4);
    CHECK("rest", memcmp(buf, "6789", 4) == 0);
    ioctl(s, FIONREAD, &avail);
    CHECK("FIONREAD now 0", avail == 0);
    close(c);
    CHECK_RET("read after the peer closed", read(s, buf, 16), 0);
    close(s);
    close(listener);
    printf("done\n");
    return 0;
}
