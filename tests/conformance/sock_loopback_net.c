/* All of 127.0.0.0/8 is the loopback interface's, as Linux holds it (a
 * "local" route for the whole /8 on lo), not only 127.0.0.1: Debian's
 * /etc/hosts gives the machine's own name 127.0.1.1, so a Java server
 * reached at InetAddress.getLocalHost() is reached there. TCP connects to
 * 127.0.1.1 and 127.9.8.7 from a listener on the wildcard, the addresses
 * both ends see, a listener bound to 127.0.1.1 itself, and a UDP datagram
 * to 127.3.2.1. Ports are ephemeral: only addresses are printed. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static struct sockaddr_in addr(const char *ip, uint16_t port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = port};
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

static const char *ip_of(const struct sockaddr_in *a)
{
    static char buf[4][INET_ADDRSTRLEN];
    static int next;
    char *b = buf[next++ % 4];
    inet_ntop(AF_INET, &a->sin_addr, b, INET_ADDRSTRLEN);
    return b;
}

/* A listener on ip (port 0: the kernel picks); its port in *port. */
static int listen_on(const char *ip, uint16_t *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = addr(ip, 0);
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4) ||
        getsockname(s, (struct sockaddr *)&a, &len))
        return -1;
    *port = a.sin_port;
    return s;
}

/* Connects to ip:port (a listener of ours, backlog room: no thread needed),
 * accepts, and prints the addresses each end sees and one byte across. */
static void connect_to(int listener, const char *ip, uint16_t port)
{
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = addr(ip, port), local, peer, srv_local;
    socklen_t len = sizeof local;
    printf("connect %s: %s\n", ip, connect(c, (struct sockaddr *)&to, sizeof to) == 0 ? "ok" : strerror(errno));
    int a = accept(listener, NULL, NULL);
    CHECK("  accepted", a >= 0);
    getsockname(c, (struct sockaddr *)&local, &len);
    len = sizeof peer;
    getpeername(c, (struct sockaddr *)&peer, &len);
    len = sizeof srv_local;
    getsockname(a, (struct sockaddr *)&srv_local, &len);
    printf("  client %s -> %s, server's end %s\n", ip_of(&local), ip_of(&peer), ip_of(&srv_local));
    char ch = 0;
    CHECK("  a byte across", write(c, "x", 1) == 1 && read(a, &ch, 1) == 1 && ch == 'x');
    close(a);
    close(c);
}

int main(void)
{
    uint16_t port;
    int any = listen_on("0.0.0.0", &port);
    CHECK("listener on the wildcard", any >= 0);
    connect_to(any, "127.0.0.1", port);
    connect_to(any, "127.0.1.1", port);
    connect_to(any, "127.9.8.7", port);
    close(any);

    int own = listen_on("127.0.1.1", &port);
    CHECK("listener on 127.0.1.1", own >= 0);
    connect_to(own, "127.0.1.1", port);
    close(own);

    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = addr("127.3.2.1", 0), from;
    socklen_t len = sizeof ua;
    CHECK("udp bind 127.3.2.1", bind(u, (struct sockaddr *)&ua, sizeof ua) == 0);
    getsockname(u, (struct sockaddr *)&ua, &len);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK("udp send", sendto(s, "dgram", 5, 0, (struct sockaddr *)&ua, sizeof ua) == 5);
    char buf[8] = "";
    len = sizeof from;
    CHECK("udp received", recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &len) == 5 &&
                              memcmp(buf, "dgram", 5) == 0);
    printf("  from %s\n", ip_of(&from));
    return 0;
}
