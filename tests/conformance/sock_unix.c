/* AF_UNIX: socketpair of each type (stream: bytes, EOF and EPIPE when the
 * peer goes, shutdown both ways, a writer blocked on a full buffer woken
 * by a reader thread; dgram and seqpacket: boundaries, truncation),
 * sockets bound to a path in the working directory (listen, connect,
 * accept, names, EADDRINUSE, a socket file), an abstract name, and
 * glibc's nscd probe: connecting to a path that does not exist. */
#include "conf.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

static int pollmask(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static long reader_total;
static void *reader(void *arg)
{
    int fd = (int)(long)arg;
    char buf[3000];
    ssize_t n;
    usleep(20000);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        reader_total += n;
    return NULL;
}

static void stream_pair(void)
{
    int sv[2];
    CHECK_RET("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    int v;
    socklen_t vl = sizeof v;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &vl);
    CHECK("SO_TYPE stream", v == SOCK_STREAM);
    getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &vl);
    CHECK("SO_DOMAIN AF_UNIX", v == AF_UNIX);
    CHECK("poll: writable, not readable", pollmask(sv[0], POLLIN | POLLOUT) == POLLOUT);
    CHECK_RET("write 5", write(sv[0], "hello", 5), 5);
    CHECK_RET("write 6", write(sv[0], " world", 6), 6);
    CHECK("poll: readable", pollmask(sv[1], POLLIN) == POLLIN);
    int n = -1;
    ioctl(sv[1], FIONREAD, &n);
    CHECK("FIONREAD 11", n == 11);
    char buf[64] = {0};
    CHECK_RET("stream: one read gets both writes", read(sv[1], buf, sizeof buf), 11);
    CHECK("bytes", memcmp(buf, "hello world", 11) == 0);
    CHECK_ERRNO("nothing left (MSG_DONTWAIT)", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
    CHECK_RET("the other way", write(sv[1], "back", 4), 4);
    CHECK_RET("MSG_PEEK", recv(sv[0], buf, 2, MSG_PEEK), 2);
    char r1[2], r2[10];
    struct iovec rv[2] = { { r1, 2 }, { r2, 10 } };
    CHECK_RET("readv returns what is there", readv(sv[0], rv, 2), 4);
    CHECK("spread over the buffers", memcmp(r1, "ba", 2) == 0 && memcmp(r2, "ck", 2) == 0);
    CHECK_RET("again", write(sv[1], "back", 4), 4);
    CHECK_RET("read", read(sv[0], buf, 64), 4);
    struct sockaddr_un a;
    socklen_t al = sizeof a;
    CHECK_RET("getsockname of a pair", getsockname(sv[0], (struct sockaddr *)&a, &al), 0);
    CHECK("unnamed: just the family", al == sizeof(sa_family_t) && a.sun_family == AF_UNIX);
    al = sizeof a;
    CHECK_RET("getpeername of a pair", getpeername(sv[0], (struct sockaddr *)&a, &al), 0);
    CHECK("peer unnamed too", al == sizeof(sa_family_t));
    struct ucred cred;
    socklen_t cl = sizeof cred;
    CHECK_RET("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &cl), 0);
    CHECK("SO_PEERCRED is this process", cl == sizeof cred && cred.pid == getpid() && cred.uid == getuid());

    /* shutdown: SHUT_WR gives the peer EOF; the other direction still works. */
    CHECK_RET("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR), 0);
    CHECK_RET("peer reads EOF", read(sv[1], buf, 64), 0);
    CHECK("peer poll: POLLIN|POLLRDHUP", pollmask(sv[1], POLLIN | POLLRDHUP) == (POLLIN | POLLRDHUP));
    CHECK_ERRNO("write after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    CHECK_RET("peer can still write", write(sv[1], "still", 5), 5);
    CHECK_RET("and we read it", read(sv[0], buf, 64), 5);
    close(sv[0]);
    CHECK_ERRNO("write to a closed peer", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
    CHECK("poll after the peer closed", pollmask(sv[1], POLLIN | POLLOUT | POLLRDHUP) == (POLLIN | POLLOUT | POLLHUP | POLLRDHUP));
    close(sv[1]);

    /* A writer blocks on a full buffer until a reader drains it. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pthread_t t;
    pthread_create(&t, NULL, reader, (void *)(long)sv[1]);
    static char big[1 << 20];
    long w = 0;
    while (w < (long)sizeof big) {
        ssize_t k = write(sv[0], big + w, sizeof big - w);
        if (k <= 0)
            break;
        w += k;
    }
    CHECK("wrote 1 MiB through a blocking stream", w == sizeof big);
    close(sv[0]);
    pthread_join(t, NULL);
    CHECK("the reader got 1 MiB", reader_total == sizeof big);
    close(sv[1]);

    /* Unread data at close: the peer's read fails with ECONNRESET. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[1], "unread", 6);
    write(sv[0], "x", 1);
    close(sv[1]);
    CHECK_RET("the peer closed with unread data: queued bytes first", read(sv[0], buf, 64), 6);
    CHECK_ERRNO("then ECONNRESET", read(sv[0], buf, 64), ECONNRESET);
    CHECK_RET("then EOF", read(sv[0], buf, 64), 0);
    close(sv[0]);

    signal(SIGPIPE, SIG_IGN);
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
    CHECK("SOCK_NONBLOCK", fcntl(sv[0], F_GETFL) == (O_RDWR | O_NONBLOCK));
    CHECK("SOCK_CLOEXEC", fcntl(sv[1], F_GETFD) == FD_CLOEXEC);
    CHECK_ERRNO("non-blocking read", read(sv[0], buf, 1), EAGAIN);
    long fill = 0;
    for (;;) {
        ssize_t k = write(sv[0], big, 65536);
        if (k < 0)
            break;
        fill += k;
    }
    CHECK("a full buffer: EAGAIN", errno == EAGAIN && fill > 0);
    close(sv[1]);
    CHECK_ERRNO("write to a closed peer (SIGPIPE ignored)", write(sv[0], "x", 1), EPIPE);
    close(sv[0]);
    signal(SIGPIPE, SIG_DFL);
}

static void message_pair(int type, const char *name)
{
    int sv[2];
    char what[80];
    snprintf(what, sizeof what, "socketpair %s", name);
    CHECK_RET(what, socketpair(AF_UNIX, type, 0, sv), 0);
    CHECK_RET("send 3", send(sv[0], "abc", 3, 0), 3);
    CHECK_RET("send 5", send(sv[0], "defgh", 5, 0), 5);
    CHECK_RET("send 0", send(sv[0], "", 0, 0), 0);
    struct iovec wv[2] = { { "12", 2 }, { "345", 3 } };
    CHECK_RET("writev: one message", writev(sv[0], wv, 2), 5);
    int n = -1;
    ioctl(sv[1], FIONREAD, &n);
    printf("FIONREAD (%s): %d\n", name, n);
    char buf[16] = {0};
    CHECK_RET("recv keeps boundaries", recv(sv[1], buf, sizeof buf, 0), 3);
    struct iovec iov = { buf, 2 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
    CHECK_RET("recvmsg truncates", recvmsg(sv[1], &mh, 0), 2);
    CHECK("MSG_TRUNC set", mh.msg_flags & MSG_TRUNC);
    CHECK_RET("the empty message", recv(sv[1], buf, sizeof buf, 0), 0);
    CHECK_RET("writev's message, whole", recv(sv[1], buf, sizeof buf, 0), 5);
    CHECK_ERRNO("then nothing", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    static char big[100000];
    CHECK_RET("a 100000-byte message", send(sv[1], big, sizeof big, 0), (long)sizeof big);
    CHECK_RET("arrives whole", recv(sv[0], big, sizeof big, 0), (long)sizeof big);
    close(sv[1]);
    if (type == SOCK_SEQPACKET) {
        CHECK_RET("seqpacket: EOF after the peer closed", recv(sv[0], buf, sizeof buf, 0), 0);
        CHECK_ERRNO("seqpacket: EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    } else {
        CHECK_ERRNO("dgram: no receiver", send(sv[0], "x", 1, MSG_DONTWAIT), ECONNREFUSED);
    }
    close(sv[0]);
}

static void *connector(void *arg)
{
    struct sockaddr_un *a = arg;
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)a, sizeof *a) == 0)
        write(c, "ping", 4);
    char buf[8];
    read(c, buf, sizeof buf);
    close(c);
    return NULL;
}

/* An abstract name of this process ("\0eggos-conf.PID.what"): the abstract
 * namespace is the whole host's, where another run may be going on. */
static socklen_t abstract_name(struct sockaddr_un *a, const char *what)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "eggos-conf.%d.%s", (int)getpid(), what);
    return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static void named(void)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(a.sun_path, "/nonexistent-dir/socket");
    CHECK_ERRNO("connect to a missing path (nscd's probe)", connect(c, (struct sockaddr *)&a, sizeof a), ENOENT);
    strcpy(a.sun_path, "notasocket");
    conf_write_file("notasocket", "x", 1);
    CHECK_ERRNO("connect to a regular file", connect(c, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
    unlink("notasocket");

    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(a.sun_path, "srv.sock");
    socklen_t len = offsetof(struct sockaddr_un, sun_path) + strlen(a.sun_path) + 1;
    CHECK_RET("bind to a path", bind(l, (struct sockaddr *)&a, len), 0);
    struct stat st;
    CHECK("a socket file appears", stat("srv.sock", &st) == 0 && S_ISSOCK(st.st_mode));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK_ERRNO("bind to the same path", bind(l2, (struct sockaddr *)&a, len), EADDRINUSE);
    close(l2);
    CHECK_ERRNO("connect before listen", connect(c, (struct sockaddr *)&a, len), ECONNREFUSED);
    CHECK_RET("listen", listen(l, 4), 0);
    struct sockaddr_un got;
    socklen_t gl = sizeof got;
    getsockname(l, (struct sockaddr *)&got, &gl);
    CHECK("getsockname: the path", gl == len && strcmp(got.sun_path, "srv.sock") == 0);

    pthread_t t;
    pthread_create(&t, NULL, connector, &a);
    gl = sizeof got;
    int s = accept(l, (struct sockaddr *)&got, &gl);
    CHECK("accept", s >= 0);
    CHECK("the client is unnamed", gl == sizeof(sa_family_t));
    char buf[8];
    CHECK_RET("read from the client", read(s, buf, 4), 4);
    CHECK("ping", memcmp(buf, "ping", 4) == 0);
    gl = sizeof got;
    getsockname(s, (struct sockaddr *)&got, &gl);
    CHECK("the accepted socket has the listener's name", strcmp(got.sun_path, "srv.sock") == 0);
    write(s, "pong", 4);
    pthread_join(t, NULL);
    close(s);
    close(l);
    CHECK("the socket file stays after close", stat("srv.sock", &st) == 0);
    unlink("srv.sock");

    /* Abstract names: no file. */
    int d = socket(AF_UNIX, SOCK_DGRAM, 0), e = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un ab;
    socklen_t abl = abstract_name(&ab, "test");
    CHECK_RET("bind an abstract name", bind(d, (struct sockaddr *)&ab, abl), 0);
    CHECK_RET("sendto it", sendto(e, "dg", 2, 0, (struct sockaddr *)&ab, abl), 2);
    CHECK_RET("recv", recv(d, buf, sizeof buf, 0), 2);
    abl = abstract_name(&ab, "none");
    CHECK_ERRNO("sendto a missing abstract name", sendto(e, "dg", 2, 0, (struct sockaddr *)&ab, abl), ECONNREFUSED);
    close(d);
    close(e);
    close(c);
}

int main(void)
{
    conf_workdir("sock_unix");
    stream_pair();
    message_pair(SOCK_DGRAM, "dgram");
    message_pair(SOCK_SEQPACKET, "seqpacket");
    named();
    CHECK_ERRNO("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0, 0}), EOPNOTSUPP);
    printf("done\n");
    return 0;
}
