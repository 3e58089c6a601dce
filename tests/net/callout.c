/* For NetworkTest: a guest with the default network calls out to a server
 * on the host's loopback, reached through QEMU's NAT at 10.0.2.2 (TapTest:
 * a server on the tap's network, at the address given after the port): it
 * sends a line, ends its half, and prints what comes back. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3)
        return 2;
    const char *addr = argc == 3 ? argv[2] : "10.0.2.2";
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in host = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                                .sin_addr.s_addr = inet_addr(addr) };
    if (connect(s, (struct sockaddr *)&host, sizeof host) != 0) {
        printf("connect %s: %s\n", addr, strerror(errno));
        return 1;
    }
    const char line[] = "hello from eggos\n";
    if (write(s, line, sizeof line - 1) != (ssize_t)(sizeof line - 1) || shutdown(s, SHUT_WR) != 0) {
        printf("send: %s\n", strerror(errno));
        return 1;
    }
    char reply[256];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof reply - 1 && (r = read(s, reply + n, sizeof reply - 1 - n)) > 0)
        n += (size_t)r;
    reply[n] = '\0';
    printf("reply: %s", reply);
    return 0;
}
