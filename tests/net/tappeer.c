/* For TapTest: the other machine on the tap's network, run inside the
 * test's network namespace. "tappeer ADDR PORT": listens there, says
 * "listening" on stdout, answers one connection as NetworkTest's server
 * does (reads to its end, replies "eggos said " and what it read), prints
 * what it read, and exits. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])),
                             .sin_addr.s_addr = inet_addr(argv[1]) };
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0) {
        printf("bind %s:%s: %s\n", argv[1], argv[2], strerror(errno));
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    int s = accept(l, NULL, NULL);
    if (s < 0) {
        printf("accept: %s\n", strerror(errno));
        return 1;
    }
    char buf[256];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(s, buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    const char said[] = "eggos said ";
    if (write(s, said, sizeof said - 1) < 0 || write(s, buf, n) < 0)
        return 1;
    close(s);
    printf("%s", buf);
    return 0;
}
