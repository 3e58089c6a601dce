/* Both ends of a loopback TCP connection write 4 MiB at once, non-blocking,
 * driven by one level-triggered epoll loop: both send buffers and both
 * receive windows fill up, and must drain again (no deadlock, and no
 * endless exchange of ACKs between two zero windows). */
#include "conf.h"
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define N (4 << 20)

static unsigned char out[2][N], in[2][N];

int main(void)
{
    for (long i = 0; i < N; i++) {
        out[0][i] = (unsigned char)(i * 7 + (i >> 10));
        out[1][i] = (unsigned char)(i * 13 + (i >> 9));
    }
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 4);
    getsockname(l, (struct sockaddr *)&a, &al);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    int s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    int fd[2] = { c, s };
    long op[2] = { 0, 0 }, ip[2] = { 0, 0 };
    int ep = epoll_create1(0);
    for (int i = 0; i < 2; i++) {
        struct epoll_event e = { .events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &e);
    }
    int stalls = 0;
    while ((ip[0] < N || ip[1] < N) && stalls < 5) {
        struct epoll_event ev[2];
        int n = epoll_wait(ep, ev, 2, 2000);
        if (n == 0)
            stalls++;
        for (int k = 0; k < n; k++) {
            int i = (int)ev[k].data.u32;
            if ((ev[k].events & EPOLLIN) && ip[i] < N) {
                ssize_t r = read(fd[i], in[i] + ip[i], (size_t)(N - ip[i]));
                if (r > 0)
                    ip[i] += r;
            }
            if ((ev[k].events & EPOLLOUT) && op[i] < N) {
                ssize_t w = write(fd[i], out[i] + op[i], (size_t)(N - op[i]));
                if (w > 0)
                    op[i] += w;
                if (op[i] == N) {
                    struct epoll_event e = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd[i], &e);
                }
            }
        }
    }
    CHECK("no stall", stalls == 0);
    CHECK("client sent and received 4 MiB", op[0] == N && ip[0] == N);
    CHECK("server sent and received 4 MiB", op[1] == N && ip[1] == N);
    CHECK("server got the client's bytes", memcmp(in[1], out[0], N) == 0);
    CHECK("client got the server's bytes", memcmp(in[0], out[1], N) == 0);
    close(c);
    close(s);
    close(l);
    close(ep);
    return 0;
}
