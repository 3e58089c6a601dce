/* epoll on sockets, as NIO servers use it: edge-triggered EPOLLIN fires
 * once per arrival (not again for data left unread), level-triggered
 * keeps firing, EPOLLONESHOT disarms until EPOLL_CTL_MOD, EPOLLRDHUP on the
 * peer's FIN, a listener's EPOLLIN, edge-triggered EPOLLOUT once a full
 * send buffer has room again, EPOLLERR|EPOLLHUP on a reset, and the same
 * rules for an AF_UNIX pair. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

static int ep;

/* The events of one ready descriptor (with its fd in *fd), 0 when none
 * within ms, or -2 when more than one is ready. */
static unsigned wait1(int ms, int *fd)
{
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, ms);
    if (n == 0)
        return 0;
    if (n != 1)
        return (unsigned)-2;
    if (fd)
        *fd = ev[0].data.fd;
    return ev[0].events;
}

static void add(int fd, unsigned events)
{
    struct epoll_event e = { .events = events, .data.fd = fd };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
        printf("EPOLL_CTL_ADD failed: %s\n", errname(errno));
}

static void mod(int fd, unsigned events)
{
    struct epoll_event e = { .events = events, .data.fd = fd };
    if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e))
        printf("EPOLL_CTL_MOD failed: %s\n", errname(errno));
}

static void del(int fd)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
}

static void drain(int fd)
{
    char buf[65536];
    while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
        ;
}

int main(void)
{
    ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK("epoll_create1", ep >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 8);
    getsockname(l, (struct sockaddr *)&a, &al);

    /* The listener, edge-triggered: one event for connections that
     * arrived together, none after an accept while one is left. */
    add(l, EPOLLIN | EPOLLET);
    CHECK("quiet listener", wait1(0, NULL) == 0);
    int c1 = socket(AF_INET, SOCK_STREAM, 0), c2 = socket(AF_INET, SOCK_STREAM, 0);
    connect(c1, (struct sockaddr *)&a, sizeof a);
    connect(c2, (struct sockaddr *)&a, sizeof a);
    int fd = -1;
    CHECK("two connections: one EPOLLIN", wait1(5000, &fd) == EPOLLIN && fd == l);
    int s1 = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    CHECK("accepted", s1 >= 0);
    CHECK("edge-triggered: nothing new", wait1(0, NULL) == 0);
    int s2 = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    CHECK_ERRNO("both taken", accept(l, NULL, NULL), EAGAIN);
    del(l);

    /* Edge-triggered EPOLLIN on a connection. */
    add(s1, EPOLLIN | EPOLLRDHUP | EPOLLET);
    CHECK("nothing yet", wait1(0, NULL) == 0);
    send(c1, "a", 1, 0);
    CHECK("data: EPOLLIN", wait1(5000, &fd) == EPOLLIN && fd == s1);
    CHECK("unread, but not new: nothing", wait1(0, NULL) == 0);
    send(c1, "b", 1, 0);
    CHECK("more data: EPOLLIN again", wait1(5000, NULL) == EPOLLIN);
    char buf[16];
    CHECK_RET("both bytes are there", recv(s1, buf, sizeof buf, 0), 2);
    CHECK("read all: nothing", wait1(0, NULL) == 0);

    /* Level-triggered: as long as it is true. */
    mod(s1, EPOLLIN | EPOLLOUT);
    CHECK("level-triggered EPOLLOUT", wait1(0, NULL) == EPOLLOUT);
    CHECK("and again", wait1(0, NULL) == EPOLLOUT);
    send(c1, "c", 1, 0);
    CHECK("EPOLLIN|EPOLLOUT", wait1(5000, NULL) == (EPOLLIN | EPOLLOUT));
    CHECK("still, level-triggered", wait1(0, NULL) == (EPOLLIN | EPOLLOUT));
    drain(s1);

    /* One-shot: disarmed after one event until EPOLL_CTL_MOD. */
    mod(s1, EPOLLIN | EPOLLONESHOT);
    send(c1, "d", 1, 0);
    CHECK("one-shot fires", wait1(5000, NULL) == EPOLLIN);
    CHECK("then disarmed", wait1(0, NULL) == 0);
    send(c1, "e", 1, 0);
    CHECK("still disarmed with new data", wait1(100, NULL) == 0);
    mod(s1, EPOLLIN | EPOLLONESHOT);
    CHECK("re-armed: the data is there", wait1(0, NULL) == EPOLLIN);
    drain(s1);

    /* The peer's FIN: EPOLLIN|EPOLLRDHUP. */
    mod(s1, EPOLLIN | EPOLLRDHUP | EPOLLET);
    shutdown(c1, SHUT_WR);
    CHECK("FIN: EPOLLIN|EPOLLRDHUP", wait1(5000, NULL) == (EPOLLIN | EPOLLRDHUP));
    CHECK_RET("EOF", recv(s1, buf, sizeof buf, 0), 0);
    del(s1);

    /* Edge-triggered EPOLLOUT: after a full buffer has room again. */
    add(s2, EPOLLOUT | EPOLLET);
    CHECK("writable at first", wait1(0, NULL) == EPOLLOUT);
    CHECK("then quiet", wait1(0, NULL) == 0);
    static char big[65536];
    long sent = 0;
    for (;;) {
        ssize_t n = send(s2, big, sizeof big, 0);
        if (n < 0)
            break;
        sent += n;
    }
    CHECK("filled: EAGAIN", errno == EAGAIN);
    CHECK("full: no EPOLLOUT", wait1(0, NULL) == 0);
    long got = 0;
    while (got < sent) {
        ssize_t n = recv(c2, big, sizeof big, 0);
        if (n <= 0)
            break;
        got += n;
    }
    CHECK("the reader got it all", got == sent);
    CHECK("room again: EPOLLOUT", wait1(5000, NULL) == EPOLLOUT);
    CHECK("once", wait1(0, NULL) == 0);

    /* A reset. */
    mod(s2, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
    struct linger lg = { 1, 0 };
    setsockopt(c2, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(c2);
    CHECK("reset: EPOLLIN|EPOLLOUT|EPOLLERR|EPOLLHUP|EPOLLRDHUP", wait1(5000, NULL) ==
          (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP));
    del(s2);

    /* AF_UNIX stream pair, edge-triggered. */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    add(sv[1], EPOLLIN | EPOLLRDHUP | EPOLLET);
    write(sv[0], "x", 1);
    CHECK("unix: EPOLLIN", wait1(5000, NULL) == EPOLLIN);
    CHECK("unix: not again", wait1(0, NULL) == 0);
    write(sv[0], "y", 1);
    CHECK("unix: new data, EPOLLIN", wait1(0, NULL) == EPOLLIN);
    close(sv[0]);
    CHECK("unix: peer closed", wait1(0, NULL) == (EPOLLIN | EPOLLRDHUP | EPOLLHUP));
    close(sv[1]);

    close(s1);
    close(s2);
    close(c1);
    close(l);
    close(ep);
    printf("done\n");
    return 0;
}
