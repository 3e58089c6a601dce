/* Sockets: the Linux socket calls (sys/socket.c) over protocol families
 * (AF_INET TCP and UDP on lwIP in net/tcp.c and net/udp.c, AF_UNIX in
 * net/unix.c, AF_NETLINK's NETLINK_ROUTE in net/netlink.c). A socket is
 * a file: read, write, poll and close reach it through its file_ops. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "sched/wait.h"
#include "uapi/uio.h"

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_PRIORITY 12
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define SOMAXCONN 4096

struct sockaddr_in {
    uint16_t sin_family;
    uint16_t sin_port;             /* network order */
    uint32_t sin_addr;             /* network order */
    uint8_t sin_zero[8];
};

struct sockaddr_un {
    uint16_t sun_family;
    char sun_path[108];
};

struct sockaddr_nl {
    uint16_t nl_family;
    uint16_t nl_pad;
    uint32_t nl_pid;               /* port id: 0 is the kernel */
    uint32_t nl_groups;            /* multicast groups, a bit each */
};

/* Big enough for every address family's sockaddr (Linux's 128 bytes). */
struct sockaddr_storage {
    uint16_t ss_family;
    char data[126];
};


/* A message on its way between user memory and a protocol: the user's
 * iovec (copied into the kernel, its bases still user pointers) with a
 * cursor, and the peer's address. */
struct msg {
    const struct iovec *iov;
    int iovlen;
    int iov_idx;                   /* cursor: iov[iov_idx] at byte iov_off */
    size_t iov_off;
    size_t len;                    /* bytes in all of iov */
    bool kernel;                   /* iov bases are kernel addresses (sendfile) */
    /* sendmsg: the destination, addrlen 0 when none. recvmsg: the
     * protocol fills in the source. */
    struct sockaddr_storage addr;
    int addrlen;
    int flags_out;                 /* recvmsg: MSG_TRUNC, MSG_CTRUNC */
    /* Ancillary data (sendmsg: copied in; recvmsg: to fill), kernel copies. */
    void *control;
    size_t controllen;
};

/* Moves n bytes between the message's user buffers at its cursor and
 * kernel memory, advancing the cursor: 0, or -EFAULT. */
int msg_copy_from(struct msg *m, void *dst, size_t n);
int msg_copy_to(struct msg *m, const void *src, size_t n);
/* Bytes left after the cursor. */
size_t msg_left(const struct msg *m);

struct socket;

struct proto_ops {
    int (*bind)(struct socket *s, const struct sockaddr_storage *addr, int len);
    int (*connect)(struct socket *s, const struct sockaddr_storage *addr, int len, bool nonblock);
    int (*listen)(struct socket *s, int backlog);
    /* A connected socket (its ops and sk set, no file yet), or -errno. */
    int (*accept)(struct socket *s, struct socket **out, bool nonblock);
    /* Bytes sent/received, or -errno. */
    long (*sendmsg)(struct socket *s, struct msg *m, int flags, bool nonblock);
    long (*recvmsg)(struct socket *s, struct msg *m, int flags, bool nonblock);
    int (*shutdown)(struct socket *s, int how);
    /* The local (peer false) or remote address: its length, or -errno. */
    int (*getname)(struct socket *s, struct sockaddr_storage *addr, bool peer);
    /* Options of the protocol's levels and the SOL_SOCKET ones it acts
     * on (net/socket.c keeps the rest): 0 or -errno (-ENOPROTOOPT when
     * unknown). val is a kernel copy of len bytes. */
    int (*setsockopt)(struct socket *s, int level, int name, const void *val, int len);
    /* Writes at most *len bytes of the value to val, sets *len. */
    int (*getsockopt)(struct socket *s, int level, int name, void *val, int *len);
    unsigned (*poll)(struct socket *s);
    /* Protocol ioctls (FIONREAD...): -ENOTTY when unknown. */
    long (*ioctl)(struct socket *s, unsigned cmd, unsigned long arg);
    /* The last file reference is gone. */
    void (*release)(struct socket *s);
};

struct linger {
    int l_onoff;
    int l_linger;
};

struct socket {
    int family, type, protocol;
    const struct proto_ops *ops;
    void *sk;                      /* the protocol's state */
    struct waitq wq;               /* woken on every change of readiness */
    struct file *file;             /* not referenced: the file owns the socket */
    /* SOL_SOCKET options */
    uint64_t rcvtimeo_ns, sndtimeo_ns;   /* 0: none */
    int rcvbuf, sndbuf;
    int rcvlowat;
    struct linger linger;
    bool reuseaddr, reuseport, keepalive, broadcast, oobinline, passcred, dontroute;
    int priority;
};

/* The socket an open file is, or NULL. */
struct socket *sock_from_file(struct file *f);
/* A new socket of the given family's protocol (no file yet). */
struct socket *sock_alloc(int family, int type, int protocol, const struct proto_ops *ops);
void sock_free(struct socket *s);
/* Wakes whoever waits on or polls the socket: about any change, or only
 * about `events` (POLL*: an edge-triggered epoll of other events is not
 * woken; 0 wakes sleepers only). */
void sock_wake(struct socket *s);
void sock_wake_events(struct socket *s, unsigned events);
/* Monotonic deadline of a SO_RCVTIMEO/SO_SNDTIMEO timeout from now, 0
 * for none. */
uint64_t sock_deadline(uint64_t timeo_ns);
/* A sleep cut short: Linux's sock_intr_errno and the timeout's EAGAIN. */
int sock_wait_error(int r, uint64_t timeo_ns);
/* For the protocols' option calls: an int option's value as setsockopt
 * gave it (a shorter value is its first byte, none is 0), and an int
 * answer for getsockopt, cut to the length asked for (*len >= 0). */
int sockopt_int(const void *val, int len);
int sockopt_put_int(void *val, int *len, int v);

/* For the socket calls (sys/socket.c). */
/* A new socket of family/type/protocol, no file yet: 0 or -errno. */
int sock_create(int family, int type, int protocol, struct socket **out);
/* Gives s a file and a descriptor (O_NONBLOCK, O_CLOEXEC from flags): the
 * fd, or -errno (s freed then). */
int sock_install(struct socket *s, int flags);
/* The socket behind fd, its file referenced in *fp; NULL with *err
 * -EBADF or -ENOTSOCK. */
struct socket *sockfd_lookup(int fd, struct file **fp, int *err);
/* The call must not block: the file is O_NONBLOCK or flags has MSG_DONTWAIT. */
bool sock_nonblocking(struct file *f, int flags);
/* A message over one user buffer of len bytes (v its iovec). */
void msg_single(struct msg *m, struct iovec *v, void __user *buf, size_t len);
/* setsockopt and getsockopt on a kernel copy of the value: the protocol's
 * levels go to it, SOL_SOCKET to the socket layer and then the protocol. */
int sock_setopt(struct socket *s, int level, int name, const void *val, int len);
int sock_getopt(struct socket *s, int level, int name, void *val, int *len);
/* sendfile's part (net/sendfile.c): up to count bytes of v from *pos into
 * s (out its file), *pos advanced: bytes sent, or -errno when none were. */
long sock_sendfile(struct socket *s, struct file *out, struct vnode *v, uint64_t *pos,
                   size_t count);

/* The interface ioctls any socket answers (net/ifioctl.c): -ENOTTY
 * for other commands. */
long net_ifioctl(unsigned cmd, unsigned long arg);

/* Sets up sockfs (net_init calls it). */
void socket_init(void);

/* Protocol families (net/tcp.c, net/udp.c, net/unix.c, net/netlink.c). */
int tcp_create(struct socket *s);
int udp_create(struct socket *s);
int unix_create(struct socket *s);
int unix_socketpair(struct socket *a, struct socket *b);
int netlink_create(struct socket *s);
