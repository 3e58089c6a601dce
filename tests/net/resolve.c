/* For NetworkTest: resolves a name with glibc's getaddrinfo (what the
 * JDK's InetAddress.getByName calls), through /etc/resolv.conf. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
    int e = getaddrinfo(argv[1], NULL, &hints, &res);
    if (e) {
        printf("%s: %s\n", argv[1], gai_strerror(e));
        return 1;
    }
    char a[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, a, sizeof a);
    printf("%s %s\n", argv[1], a);
    return 0;
}
