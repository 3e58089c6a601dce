/* An epoll set watched by poll, select and another epoll set: readiness
 * passes up; cycles and chains deeper than Linux allows are ELOOP. */
#include "conf.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

static int add(int ep, int fd, unsigned events, unsigned long long data)
{
    struct epoll_event ev = { .events = events, .data.u64 = data };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int pollin(int fd)
{
    struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
    poll(&p, 1, 0);
    return p.revents;
}

static void waitp(const char *what, int ep)
{
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, 0);
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [%#x %llu]", ev[i].events, (unsigned long long)ev[i].data.u64);
    printf("\n");
}

int main(void)
{
    int p[2];
    pipe(p);
    int inner = epoll_create1(0), outer = epoll_create1(0);
    add(inner, p[0], EPOLLIN, 1);
    CHECK_RET("ADD inner set to outer", add(outer, inner, EPOLLIN, 2), 0);
    printf("poll inner, empty: %#x\n", pollin(inner));
    waitp("outer, empty", outer);
    write(p[1], "x", 1);
    printf("poll inner, data: %#x\n", pollin(inner));
    fd_set r;
    FD_ZERO(&r);
    FD_SET(inner, &r);
    struct timeval tv = { 0, 0 };
    CHECK_RET("select inner", select(inner + 1, &r, NULL, NULL, &tv), 1);
    waitp("outer, data", outer);
    waitp("outer, data again (level)", outer);
    waitp("inner", inner);
    char c;
    read(p[0], &c, 1);
    printf("poll inner, drained: %#x\n", pollin(inner));
    waitp("outer, drained", outer);

    /* edge-triggered on the inner set */
    struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 3 };
    epoll_ctl(outer, EPOLL_CTL_MOD, inner, &ev);
    write(p[1], "y", 1);
    waitp("outer ET, data", outer);
    waitp("outer ET, again", outer);
    write(p[1], "z", 1);
    waitp("outer ET, more data", outer);
    read(p[0], &c, 1);
    read(p[0], &c, 1);
    waitp("outer ET, drained", outer);

    /* a blocking wait on the outer set is woken through the inner one */
    write(p[1], "w", 1);
    struct epoll_event out;
    CHECK_RET("outer wait -1, data", epoll_wait(outer, &out, 1, -1), 1);
    read(p[0], &c, 1);

    /* closing the inner set takes it out of the outer */
    close(inner);
    waitp("outer after the inner set closed", outer);
    CHECK_ERRNO("DEL the closed inner set", epoll_ctl(outer, EPOLL_CTL_DEL, inner, NULL), EBADF);

    /* cycles */
    int a = epoll_create1(0), b = epoll_create1(0), c3 = epoll_create1(0);
    CHECK_RET("a in b", add(b, a, EPOLLIN, 0), 0);
    CHECK_ERRNO("b in a (cycle)", add(a, b, EPOLLIN, 0), ELOOP);
    CHECK_RET("b in c", add(c3, b, EPOLLIN, 0), 0);
    CHECK_ERRNO("c in a (cycle of 3)", add(a, c3, EPOLLIN, 0), ELOOP);
    CHECK_ERRNO("a in b again", add(b, a, EPOLLIN, 0), EEXIST);

    /* depth: a chain of at most 5 sets */
    int e[8];
    for (int i = 0; i < 8; i++)
        e[i] = epoll_create1(0);
    for (int i = 0; i < 7; i++) {
        char what[32];
        snprintf(what, sizeof what, "e%d in e%d", i, i + 1);
        int ok = add(e[i + 1], e[i], EPOLLIN, 0);
        printf("%s: %s\n", what, ok == 0 ? "ok" : errname(errno));
    }
    /* joining two chains of three */
    int g[6];
    for (int i = 0; i < 6; i++)
        g[i] = epoll_create1(0);
    add(g[1], g[0], EPOLLIN, 0);
    add(g[2], g[1], EPOLLIN, 0);
    add(g[4], g[3], EPOLLIN, 0);
    add(g[5], g[4], EPOLLIN, 0);
    CHECK_ERRNO("chain of 3 under a chain of 3", add(g[3], g[2], EPOLLIN, 0), ELOOP);
    CHECK_RET("chain of 3 under a chain of 2", add(g[4], g[2], EPOLLIN, 0), 0);
    return 0;
}
