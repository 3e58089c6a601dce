/* TCP's error paths on 127.0.0.1: ECONNREFUSED (blocking and
 * non-blocking connect, SO_ERROR), non-blocking connect and accept
 * (EINPROGRESS, EALREADY or EISCONN after, EAGAIN), EAGAIN on reads and
 * on a full send buffer, SIGPIPE/EPIPE after the peer is gone (ignored,
 * caught, MSG_NOSIGNAL), a reset by SO_LINGER {1, 0} (ECONNRESET, then
 * EOF), ENOTCONN before connecting, EPIPE for send on a fresh socket. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

static int sigpipes;
static void on_sigpipe(int sig) { sigpipes++; }

/* A port nobody listens on: bind one, note it, close it. */
static struct sockaddr_in closed_port(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int s = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t l = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &l);
    close(s);
    return a;
}

static int listener(struct sockaddr_in *a)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = 0;
    socklen_t l = sizeof *a;
    bind(s, (struct sockaddr *)a, sizeof *a);
    listen(s, 16);
    getsockname(s, (struct sockaddr *)a, &l);
    return s;
}

static int poll_one(int fd, short events, int ms)
{
    struct pollfd p = { fd, events, 0 };
    int r = poll(&p, 1, ms);
    return r == 1 ? p.revents : r;
}

int main(void)
{
    struct sockaddr_in closed = closed_port();

    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_ERRNO("connect to a closed port", connect(s, (struct sockaddr *)&closed, sizeof closed), ECONNREFUSED);
    int e = -1;
    socklen_t el = sizeof e;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &el);
    CHECK("SO_ERROR after connect reported it", e == 0);
    close(s);

    /* Non-blocking: EINPROGRESS (or at once ECONNREFUSED), then the
     * error through poll and SO_ERROR. */
    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    errno = 0;
    int r = connect(s, (struct sockaddr *)&closed, sizeof closed);
    int first = errno;
    CHECK("non-blocking connect to a closed port fails", r == -1 && (first == EINPROGRESS || first == ECONNREFUSED));
    if (first == EINPROGRESS) {
        int ev = poll_one(s, POLLOUT, 5000);
        CHECK("poll says POLLOUT|POLLERR|POLLHUP", ev == (POLLOUT | POLLERR | POLLHUP));
        el = sizeof e;
        getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &el);
        CHECK("SO_ERROR is ECONNREFUSED", e == ECONNREFUSED);
        el = sizeof e;
        getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &el);
        CHECK("SO_ERROR is cleared by reading it", e == 0);
    } else {
        printf("poll says POLLOUT|POLLERR|POLLHUP: yes\nSO_ERROR is ECONNREFUSED: yes\n"
               "SO_ERROR is cleared by reading it: yes\n");
    }
    close(s);

    struct sockaddr_in la;
    int l = listener(&la);
    fcntl(l, F_SETFL, O_NONBLOCK);
    CHECK_ERRNO("accept with nobody connecting", accept(l, NULL, NULL), EAGAIN);
    CHECK("poll on a quiet listener times out", poll_one(l, POLLIN, 0) == 0);

    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK_ERRNO("non-blocking connect", connect(s, (struct sockaddr *)&la, sizeof la), EINPROGRESS);
    CHECK("poll: writable once connected", poll_one(s, POLLOUT, 5000) == POLLOUT);
    el = sizeof e;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &el);
    CHECK("SO_ERROR 0", e == 0);
    errno = 0;
    r = connect(s, (struct sockaddr *)&la, sizeof la);
    CHECK("connect again reports success, then EISCONN", (r == 0 || errno == EISCONN) &&
          connect(s, (struct sockaddr *)&la, sizeof la) == -1 && errno == EISCONN);
    CHECK("poll: the listener is readable", poll_one(l, POLLIN, 5000) == POLLIN);
    int a = accept(l, NULL, NULL);
    CHECK("accept", a >= 0);
    char buf[4096];
    CHECK_ERRNO("read with nothing there", read(s, buf, sizeof buf), EAGAIN);
    CHECK_ERRNO("recv MSG_DONTWAIT on a blocking socket", recv(a, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    CHECK("poll: connected and idle is POLLOUT only", poll_one(s, POLLIN | POLLOUT, 0) == POLLOUT);

    /* Fill the pipe until EAGAIN: nobody reads on the other end. */
    memset(buf, 'z', sizeof buf);
    long total = 0;
    for (;;) {
        ssize_t n = write(s, buf, sizeof buf);
        if (n < 0)
            break;
        total += n;
    }
    CHECK("a full send buffer says EAGAIN", errno == EAGAIN && total > 0);
    CHECK("poll: not writable when full", (poll_one(s, POLLOUT, 0) & POLLOUT) == 0);
    long drained = 0;
    for (;;) {
        ssize_t n = recv(a, buf, sizeof buf, MSG_DONTWAIT);
        if (n <= 0) {
            if (drained >= total)
                break;
            poll_one(a, POLLIN, 1000);
            continue;
        }
        drained += n;
    }
    CHECK("everything written arrives", drained == total);
    CHECK("poll: writable again", poll_one(s, POLLOUT, 5000) == POLLOUT);

    /* The peer closes: reads say EOF; a write is accepted, the peer
     * answers with a reset, and the next write is a broken pipe. */
    close(a);
    CHECK("poll: POLLIN|POLLRDHUP after the peer's FIN", (poll_one(s, POLLIN | POLLRDHUP, 5000) & (POLLIN | POLLRDHUP)) == (POLLIN | POLLRDHUP));
    CHECK_RET("read after the peer's FIN", read(s, buf, 1), 0);
    signal(SIGPIPE, SIG_IGN);
    CHECK_RET("first write after the peer closed", write(s, "x", 1), 1);
    poll_one(s, POLLIN, 200);          /* the reset comes back */
    for (int i = 0; i < 50; i++) {     /* a slow host: wait for it */
        if (poll_one(s, 0, 0) & POLLERR)
            break;
        usleep(10000);
    }
    CHECK_ERRNO("next write: EPIPE (SIGPIPE ignored)", write(s, "x", 1), EPIPE);
    CHECK_ERRNO("and again", write(s, "x", 1), EPIPE);
    signal(SIGPIPE, on_sigpipe);
    CHECK_ERRNO("write with a SIGPIPE handler", write(s, "x", 1), EPIPE);
    CHECK("one SIGPIPE caught", sigpipes == 1);
    CHECK_ERRNO("send MSG_NOSIGNAL", send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
    CHECK("no SIGPIPE with MSG_NOSIGNAL", sigpipes == 1);
    CHECK_RET("read still EOF", read(s, buf, 1), 0);
    close(s);

    /* An abortive close (SO_LINGER {1, 0}) resets the peer. */
    fcntl(l, F_SETFL, 0);
    s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (struct sockaddr *)&la, sizeof la);
    a = accept(l, NULL, NULL);
    struct linger lg = { 1, 0 };
    CHECK_RET("SO_LINGER {1, 0}", setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    struct linger back;
    socklen_t bl = sizeof back;
    getsockopt(a, SOL_SOCKET, SO_LINGER, &back, &bl);
    CHECK("SO_LINGER reads back", bl == sizeof back && back.l_onoff == 1 && back.l_linger == 0);
    close(a);
    CHECK("poll after a reset: POLLIN|POLLERR|POLLHUP|POLLRDHUP", poll_one(s, POLLIN | POLLRDHUP, 5000) ==
          (POLLIN | POLLERR | POLLHUP | POLLRDHUP));
    CHECK_ERRNO("read after a reset", read(s, buf, 1), ECONNRESET);
    CHECK_RET("then EOF", read(s, buf, 1), 0);
    CHECK_ERRNO("write after a reset", send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
    close(s);

    /* Unread data at close is a reset too. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (struct sockaddr *)&la, sizeof la);
    a = accept(l, NULL, NULL);
    send(s, "unread", 6, 0);
    poll_one(a, POLLIN, 5000);
    close(a);
    poll_one(s, POLLIN, 5000);
    CHECK_ERRNO("close with unread data resets", read(s, buf, 1), ECONNRESET);
    close(s);

    s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_ERRNO("read before connecting", read(s, buf, 1), ENOTCONN);
    CHECK_ERRNO("send before connecting", send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
    CHECK("poll on a fresh socket: POLLOUT|POLLHUP", poll_one(s, POLLIN | POLLOUT, 0) == (POLLOUT | POLLHUP));
    CHECK_ERRNO("shutdown before connecting", shutdown(s, SHUT_RDWR), ENOTCONN);
    CHECK_ERRNO("accept on a socket that does not listen", accept(s, NULL, NULL), EINVAL);
    CHECK_ERRNO("connect after a failed connect", connect(s, (struct sockaddr *)&closed, sizeof closed), ECONNREFUSED);
    CHECK_ERRNO("and once more", connect(s, (struct sockaddr *)&closed, sizeof closed), ECONNREFUSED);
    close(s);
    close(l);
    printf("done\n");
    return 0;
}
