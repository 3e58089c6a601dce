/* For NetworkTest: a guest booted without a network card. AF_INET sockets
 * still work over loopback; anything else has no route. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    printf("socket AF_INET: %s\n", ls >= 0 ? "ok" : strerror(errno));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t l = sizeof a;
    int ok = bind(ls, (struct sockaddr *)&a, sizeof a) == 0 && listen(ls, 1) == 0 &&
             getsockname(ls, (struct sockaddr *)&a, &l) == 0;
    int c = socket(AF_INET, SOCK_STREAM, 0);
    ok = ok && connect(c, (struct sockaddr *)&a, sizeof a) == 0;
    int s = accept(ls, NULL, NULL);
    char buf[4] = "";
    ok = ok && s >= 0 && write(c, "ping", 4) == 4 && read(s, buf, 4) == 4 && memcmp(buf, "ping", 4) == 0;
    printf("loopback: %s\n", ok ? "ok" : strerror(errno));
    int o = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in gw = { .sin_family = AF_INET, .sin_port = htons(80), .sin_addr.s_addr = inet_addr("10.0.2.2") };
    errno = 0;
    int r = connect(o, (struct sockaddr *)&gw, sizeof gw);
    printf("connect 10.0.2.2:80: %d %s\n", r, r ? (errno == ENETUNREACH ? "ENETUNREACH" : strerror(errno)) : "");
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    r = (int)sendto(u, "x", 1, 0, (struct sockaddr *)&gw, sizeof gw);
    printf("sendto 10.0.2.2:80: %d %s\n", r, r < 0 ? (errno == ENETUNREACH ? "ENETUNREACH" : strerror(errno)) : "");
    printf("socket AF_INET6: %s\n", socket(AF_INET6, SOCK_STREAM, 0) < 0 && errno == EAFNOSUPPORT ? "EAFNOSUPPORT" : "?");
    return 0;
}
