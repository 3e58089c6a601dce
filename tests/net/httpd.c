/* A small HTTP/1.1 server for NetworkTest, in C so that it tests the
 * kernel's network stack and not the JVM: one thread per connection,
 * keep-alive, on port 8000 (or argv[1]).
 *   GET /hello      -> "hello eggos\n"
 *   POST /sum       -> the body's length and FNV-1a 64 hash, "LEN HEX\n"
 *   GET /quit       -> "bye\n", then the program exits 0
 * Anything unparseable gets a 400 and the connection is closed. It prints
 * "listening" once it accepts connections, and nothing per request. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int reply(int fd, const char *status, const char *body, int keep)
{
    char head[256];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Length: %zu\r\nContent-Type: text/plain\r\n%s\r\n",
                     status, strlen(body), keep ? "" : "Connection: close\r\n");
    /* One write for head and body: no Nagle wait between them. */
    char out[512];
    size_t len = (size_t)n + strlen(body);
    if (len > sizeof out)
        return -1;
    memcpy(out, head, (size_t)n);
    memcpy(out + n, body, strlen(body));
    return write(fd, out, len) == (ssize_t)len ? 0 : -1;
}

static void *serve(void *arg)
{
    int fd = (int)(long)arg;
    static __thread char buf[65536];
    size_t have = 0;
    for (;;) {
        char *end;
        while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
            if (have == sizeof buf)
                goto bad;
            ssize_t r = read(fd, buf + have, sizeof buf - have);
            if (r <= 0)
                goto out;
            have += (size_t)r;
        }
        size_t hlen = (size_t)(end - buf) + 4;
        char method[8] = "", path[64] = "";
        if (sscanf(buf, "%7s %63s", method, path) != 2)
            goto bad;
        long clen = 0;
        for (char *p = buf; p < end; p = strstr(p, "\r\n") + 2) {
            if (strncasecmp(p, "Content-Length:", 15) == 0)
                clen = atol(p + 15);
            if (!strstr(p, "\r\n"))
                break;
        }
        if (clen < 0)
            goto bad;
        uint64_t h = 14695981039346656037ull;
        long got = 0;
        size_t in_buf = have - hlen < (size_t)clen ? have - hlen : (size_t)clen;
        for (size_t i = 0; i < in_buf; i++)
            h = (h ^ (unsigned char)buf[hlen + i]) * 1099511628211ull;
        got = (long)in_buf;
        memmove(buf, buf + hlen + in_buf, have - hlen - in_buf);
        have -= hlen + in_buf;
        while (got < clen) {
            ssize_t r = read(fd, buf, (size_t)(clen - got) < sizeof buf ? (size_t)(clen - got) : sizeof buf);
            if (r <= 0)
                goto out;
            for (ssize_t i = 0; i < r; i++)
                h = (h ^ (unsigned char)buf[i]) * 1099511628211ull;
            got += r;
        }
        char body[64];
        if (!strcmp(method, "GET") && !strcmp(path, "/hello")) {
            if (reply(fd, "200 OK", "hello eggos\n", 1))
                goto out;
        } else if (!strcmp(method, "POST") && !strcmp(path, "/sum")) {
            snprintf(body, sizeof body, "%ld %016llx\n", got, (unsigned long long)h);
            if (reply(fd, "200 OK", body, 1))
                goto out;
        } else if (!strcmp(path, "/quit")) {
            reply(fd, "200 OK", "bye\n", 0);
            shutdown(fd, SHUT_WR);
            usleep(100000);
            exit(0);
        } else {
            reply(fd, "404 Not Found", "no\n", 1);
        }
    }
bad:
    reply(fd, "400 Bad Request", "bad\n", 0);
out:
    close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    int port = argc > 1 && atoi(argv[1]) > 0 ? atoi(argv[1]) : 8000;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) {
        printf("cannot listen: %s\n", strerror(errno));
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        pthread_t t;
        if (pthread_create(&t, &attr, serve, (void *)(long)c))
            close(c);
    }
}
