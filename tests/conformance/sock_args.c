/* The socket calls' argument checks, in Linux's order: bad descriptors
 * (EBADF), files that are not sockets (ENOTSOCK), bad types and families,
 * bad pointers (EFAULT, through raw syscalls so glibc cannot interfere),
 * address lengths, options (ENOPROTOOPT, EINVAL), shutdown's how; and
 * what fstat and /proc/self/fd say about a socket. */
#include "conf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

#define BAD ((void *)16)

int main(void)
{
    int p[2];
    pipe(p);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CHECK_ERRNO("bind on a bad fd", bind(999, (struct sockaddr *)&a, sizeof a), EBADF);
    CHECK_ERRNO("bind on a pipe", bind(p[0], (struct sockaddr *)&a, sizeof a), ENOTSOCK);
    CHECK_ERRNO("listen on a pipe", listen(p[0], 1), ENOTSOCK);
    CHECK_ERRNO("accept on a pipe", accept(p[0], NULL, NULL), ENOTSOCK);
    CHECK_ERRNO("connect on a pipe", connect(p[0], (struct sockaddr *)&a, sizeof a), ENOTSOCK);
    CHECK_ERRNO("getsockopt on a pipe", getsockopt(p[0], SOL_SOCKET, SO_TYPE, &(int){0}, &(socklen_t){4}), ENOTSOCK);
    CHECK_ERRNO("shutdown on a pipe", shutdown(p[0], SHUT_RD), ENOTSOCK);
    CHECK_ERRNO("sendto on a pipe", sendto(p[1], "x", 1, 0, NULL, 0), ENOTSOCK);

    CHECK_ERRNO("socket: bad type", socket(AF_INET, 77, 0), EINVAL);
    CHECK_ERRNO("socket: bad flags", socket(AF_INET, SOCK_STREAM | 0x100, 0), EINVAL);
    CHECK_ERRNO("socket: bad family", socket(1234, SOCK_STREAM, 0), EAFNOSUPPORT);
    CHECK_ERRNO("socket: TCP over dgram", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
    CHECK_ERRNO("socket: UDP over stream", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
    CHECK_ERRNO("socket: AF_INET seqpacket", socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
    int v6 = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK("socket AF_INET6: works or EAFNOSUPPORT (eggos: no IPv6)", v6 >= 0 || errno == EAFNOSUPPORT);
    if (v6 >= 0)
        close(v6);

    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_SYSCALL_ERRNO("bind: bad address pointer", EFAULT, SYS_bind, s, BAD, sizeof a);
    CHECK_ERRNO("bind: short address", bind(s, (struct sockaddr *)&a, 8), EINVAL);
    CHECK_ERRNO("bind: long address", bind(s, (struct sockaddr *)&a, 4096), EINVAL);
    struct sockaddr_in wrong = a;
    wrong.sin_family = AF_UNIX;
    CHECK_ERRNO("bind: wrong family", bind(s, (struct sockaddr *)&wrong, sizeof wrong), EAFNOSUPPORT);
    struct sockaddr_in far = a;
    far.sin_addr.s_addr = htonl(0xC0000201);        /* 192.0.2.1, not ours */
    CHECK_ERRNO("bind: an address that is not ours", bind(s, (struct sockaddr *)&far, sizeof far), EADDRNOTAVAIL);
    CHECK_SYSCALL_ERRNO("connect: bad address pointer", EFAULT, SYS_connect, s, BAD, sizeof a);
    CHECK_ERRNO("connect: short address", connect(s, (struct sockaddr *)&a, 4), EINVAL);
    CHECK_SYSCALL_ERRNO("getsockname: bad length pointer", EFAULT, SYS_getsockname, s, &a, BAD);
    socklen_t neg = (socklen_t)-1;
    CHECK_ERRNO("getsockname: negative length", getsockname(s, (struct sockaddr *)&a, &neg), EINVAL);
    socklen_t small = 4;
    struct sockaddr_in got;
    memset(&got, 0xee, sizeof got);
    CHECK_RET("getsockname: short buffer", getsockname(s, (struct sockaddr *)&got, &small), 0);
    CHECK("it is told the full length, given what fits", small == sizeof got && got.sin_family == AF_INET &&
          ((unsigned char *)&got)[4] == 0xee);

    int v = 1;
    CHECK_ERRNO("setsockopt: unknown level", setsockopt(s, 12345, 1, &v, sizeof v), ENOPROTOOPT);
    CHECK_ERRNO("setsockopt: unknown option", setsockopt(s, SOL_SOCKET, 12345, &v, sizeof v), ENOPROTOOPT);
    CHECK_ERRNO("setsockopt: short value", setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, 2), EINVAL);
    CHECK_ERRNO("setsockopt: SO_TYPE is read-only", setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v), ENOPROTOOPT);
    CHECK_SYSCALL_ERRNO("setsockopt: bad value pointer", EFAULT, SYS_setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, BAD, 4);
    CHECK_ERRNO("getsockopt: unknown option", getsockopt(s, SOL_SOCKET, 12345, &v, &(socklen_t){4}), ENOPROTOOPT);
    CHECK_ERRNO("getsockopt: negative length", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &neg), EINVAL);
    CHECK_RET("SO_KEEPALIVE on", setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v), 0);
    socklen_t vl = sizeof v;
    v = 0;
    getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &vl);
    CHECK("SO_KEEPALIVE reads back", v == 1);
    struct timeval tv = { 2, 500000 }, tb;
    CHECK_RET("SO_RCVTIMEO", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    socklen_t tl = sizeof tb;
    getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tb, &tl);
    CHECK("SO_RCVTIMEO reads back", tl == sizeof tb && tb.tv_sec == 2 && tb.tv_usec == 500000);
    tv.tv_usec = 1000000;
    CHECK_ERRNO("SO_RCVTIMEO with usec out of range", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), EDOM);
    CHECK_ERRNO("SO_SNDTIMEO too short", setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, 8), EINVAL);
    v = 65536;
    CHECK_RET("SO_RCVBUF", setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v), 0);
    vl = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &vl);
    CHECK("SO_RCVBUF reads back doubled", v == 131072);
    char small1;
    socklen_t one = 1;
    CHECK_RET("getsockopt into one byte", getsockopt(s, SOL_SOCKET, SO_TYPE, &small1, &one), 0);
    CHECK("one byte written", one == 1 && small1 == SOCK_STREAM);
    CHECK_ERRNO("TCP_KEEPIDLE 0", setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &(int){0}, sizeof(int)), EINVAL);

    CHECK_ERRNO("shutdown: bad how", shutdown(s, 7), EINVAL);
    CHECK_ERRNO("accept4: bad flags", accept4(s, NULL, NULL, 0x4), EINVAL);
    CHECK_SYSCALL_ERRNO("socketpair: bad vector pointer", EFAULT, SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, BAD);

    struct stat st;
    CHECK_RET("fstat a socket", fstat(s, &st), 0);
    CHECK("S_IFSOCK, mode 0777", S_ISSOCK(st.st_mode) && (st.st_mode & 07777) == 0777);
    char path[64], link[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", s);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK("/proc/self/fd says socket:[...]", strncmp(link, "socket:[", 8) == 0 && link[n - 1] == ']');
    CHECK_ERRNO("lseek on a socket", lseek(s, 0, SEEK_SET), ESPIPE);
    close(s);
    printf("done\n");
    return 0;
}
