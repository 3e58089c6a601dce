/* AF_INET SOCK_STREAM on lwIP's raw TCP API, with Linux's semantics.
 *
 * Everything here that touches lwIP or a tcp_sk's state holds net_lock
 * (net/stack.c). lwIP's callbacks (recv, sent, err, connected, accept) run
 * with it held, from whichever thread fed lwIP the segment; they queue
 * and wake, nothing more. User memory is only touched without the lock:
 * a send copies the user's bytes into a kernel buffer first, a receive
 * copies out of the received pbufs, which only readers take off the
 * queue (one reader at a time), so they stay put meanwhile. */
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "net/inet.h"
#include "net/socket.h"
#include "net/stack.h"
#include "sched/clock.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "arch/x86_64/x86.h"
#include "fs/poll.h"
#include "uapi/sockios.h"

#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/sys.h"

#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define TCP_INFO 11
#define TCP_QUICKACK 12
#define TCP_USER_TIMEOUT 18
#define IP_TOS 1
#define IP_TTL 2

#define SEND_CHUNK 65535u            /* tcp_write takes 16-bit lengths */
#define QUICKACKS 16                 /* segments ACKed at once at the start, as Linux */
#define QUICKACK_IDLE_MS 1000        /* after this long without data, quick again */
#define ACCEPT_BACKLOG_MIN 128       /* see tcp_listen */
/* How long a send waits, when lwIP is out of segments and none of this
 * connection's are in flight (no ACK of ours will come to say some were
 * freed), before it tries again: Linux's sk_stream_wait_memory waits 2 to
 * 200 ms then. */
#define SEG_RETRY_NS (20 * 1000000ull)

enum tsk_state { TS_NEW, TS_LISTEN, TS_CONNECTING, TS_CONNECTED, TS_CLOSED };

struct tcp_sk {
    struct socket *sock;             /* NULL while waiting on a listener's queue */
    struct tcp_pcb *pcb;             /* NULL once lwIP has freed it */
    enum tsk_state state;
    int err;                         /* pending error (SO_ERROR), positive */
    bool rd_eof;                     /* FIN or reset: no more data will come */
    bool fin;                        /* it was a FIN: reads say EOF before an error */
    bool shut_rd, shut_wr;
    bool was_connected;
    bool nospace;                    /* a writer found the send buffer full */
    bool seg_short;                  /* the last tcp_write said ERR_MEM: lwIP's segment pool
                                      * (shared by every connection) or the heap was out */
    bool in_progress;                /* connect said EINPROGRESS; the next connect reports */
    bool nodelay;
    int quick;                       /* segments still to ACK at once (quickack) */
    bool rx_seen;
    uint32_t last_rx_ms;
    /* Received data: a list of pbufs through ->next, each holding ->len
     * bytes, the first one read up to rx_off. */
    struct pbuf *rxq, *rxq_tail;
    uint32_t rx_off, rx_bytes;
    bool reading;                    /* a reader is copying from rxq */
    uint32_t snd_space;              /* tcp_sndbuf, for poll */
    uint32_t unacked;                /* bytes written and not yet acknowledged */
    /* A listener's accept queue, and a queued connection's listener. */
    struct tcp_sk *acc_head, *acc_tail, *acc_next, *listener;
    int acc_len, backlog;
    /* The addresses, kept for getsockname/getpeername after lwIP is done. */
    ip_addr_t local_ip, remote_ip;
    uint16_t local_port, remote_port;
};

static const struct proto_ops tcp_ops;
static u8_t ext_id;                  /* our slot in every pcb's ext_args */

static struct tcp_sk *tsk(struct socket *s) { return s->sk; }

/* Who to wake about t: its socket, or its listener while queued (only
 * sleepers there: the listener's readiness is not t's). */
static void tsk_wake(struct tcp_sk *t, unsigned events)
{
    if (t->sock)
        sock_wake_events(t->sock, events);
    else if (t->listener && t->listener->sock)
        sock_wake_events(t->listener->sock, 0);
}

static void remember_addrs(struct tcp_sk *t)
{
    if (!t->pcb)
        return;
    ip_addr_copy(t->local_ip, t->pcb->local_ip);
    ip_addr_copy(t->remote_ip, t->pcb->remote_ip);
    t->local_port = t->pcb->local_port;
    t->remote_port = t->pcb->remote_port;
}

static void rxq_free(struct tcp_sk *t)
{
    while (t->rxq) {
        struct pbuf *p = t->rxq;
        t->rxq = p->next;
        p->next = NULL;
        pbuf_free(p);
    }
    t->rxq_tail = NULL;
    t->rx_bytes = t->rx_off = 0;
}

/* --- lwIP's callbacks (net_lock held) --- */

/* lwIP frees pcbs on its own: after a reset, at the end of TIME_WAIT,
 * when a listen turns a pcb into a listening one. */
static void on_destroyed(u8_t id, void *data)
{
    struct tcp_sk *t = data;
    if (t)
        t->pcb = NULL;
}

static const struct tcp_ext_arg_callbacks ext_callbacks = { .destroy = on_destroyed };

static void update_space(struct tcp_sk *t)
{
    struct tcp_pcb *pcb = t->pcb;
    t->snd_space = pcb && pcb->state != LISTEN && tcp_sndqueuelen(pcb) < TCP_SND_QUEUELEN - 4
                       ? tcp_sndbuf(pcb) : 0;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct tcp_sk *t = arg;
    if (!p) {
        t->rd_eof = true;
        t->fin = true;
        tsk_wake(t, POLLIN | POLLRDNORM | POLLRDHUP | (t->shut_wr ? POLLHUP : 0));
        return ERR_OK;
    }
    if (t->rxq_tail)
        t->rxq_tail->next = p;
    else
        t->rxq = p;
    struct pbuf *q = p;
    while (q->next)
        q = q->next;
    t->rxq_tail = q;
    t->rx_bytes += p->tot_len;
    /* lwIP delays every other ACK; with the sender's Nagle that can hold
     * a short exchange for a whole timer tick. Linux ACKs at once while
     * in "quickack" mode: at a connection's start and after it idled.
     * (tcp_input sends the ACK right after this callback.) */
    uint32_t now = sys_now();
    if (t->rx_seen && now - t->last_rx_ms > QUICKACK_IDLE_MS)
        t->quick = QUICKACKS;
    t->rx_seen = true;
    t->last_rx_ms = now;
    if (t->quick > 0) {
        t->quick--;
        tcp_ack_now(pcb);
    }
    tsk_wake(t, POLLIN | POLLRDNORM);
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    struct tcp_sk *t = arg;
    update_space(t);
    t->unacked -= MIN(t->unacked, len);
    if (t->seg_short) {                  /* segments freed: the writer tries again */
        t->seg_short = false;
        tsk_wake(t, 0);                  /* (poll's answer is the send buffer's, below) */
    }
    /* As Linux's tcp_check_space: writability is news only to a writer
     * that found no room (an edge-triggered EPOLLOUT fires once then). */
    if (t->nospace && t->snd_space >= MIN((uint32_t)TCP_SNDLOWAT, (uint32_t)TCP_SND_BUF / 2)) {
        t->nospace = false;
        tsk_wake(t, POLLOUT | POLLWRNORM);
    }
    return ERR_OK;
}

/* lwIP has freed the pcb: a reset, a timeout, or an abort. */
static void on_err(void *arg, err_t err)
{
    struct tcp_sk *t = arg;
    t->pcb = NULL;
    /* As Linux's tcp_reset: a reset after the peer's FIN is a broken pipe. */
    if (err == ERR_RST)
        t->err = t->state == TS_CONNECTING ? ECONNREFUSED : t->fin ? EPIPE : ECONNRESET;
    else if (err == ERR_ABRT)
        t->err = t->state == TS_CONNECTING ? ETIMEDOUT : ECONNABORTED;
    else if (err != ERR_CLSD)
        t->err = ECONNRESET;
    t->state = TS_CLOSED;
    t->rd_eof = true;
    t->snd_space = 0;
    tsk_wake(t, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP | POLLRDHUP);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct tcp_sk *t = arg;
    t->state = TS_CONNECTED;
    t->was_connected = true;
    update_space(t);
    remember_addrs(t);
    tsk_wake(t, POLLOUT | POLLWRNORM);
    return ERR_OK;
}

static void set_callbacks(struct tcp_pcb *pcb, struct tcp_sk *t)
{
    tcp_ext_arg_set_callbacks(pcb, ext_id, &ext_callbacks);
    tcp_ext_arg_set(pcb, ext_id, t);
    tcp_arg(pcb, t);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
}

static void clear_callbacks(struct tcp_pcb *pcb)
{
    tcp_ext_arg_set(pcb, ext_id, NULL);
    tcp_arg(pcb, NULL);
    if (pcb->state == LISTEN) {
        tcp_accept(pcb, NULL);
        return;
    }
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    tcp_err(pcb, NULL);
}

/* Lets go of a connection nobody will read: a reset when data was left
 * unread or SO_LINGER asks for it (as Linux), else an orderly close that
 * lwIP finishes on its own. Frees t. */
static void tsk_destroy(struct tcp_sk *t, bool reset)
{
    if (t->pcb) {
        struct tcp_pcb *pcb = t->pcb;
        clear_callbacks(pcb);
        t->pcb = NULL;
        if (reset || t->rx_bytes || pcb->state == LISTEN) {
            if (pcb->state == LISTEN)
                tcp_close(pcb);
            else
                tcp_abort(pcb);
        } else if (tcp_close(pcb) != ERR_OK) {
            tcp_abort(pcb);              /* out of memory for the FIN */
        }
    }
    rxq_free(t);
    kfree(t);
}

static err_t on_accept(void *arg, struct tcp_pcb *newpcb, err_t err)
{
    struct tcp_sk *l = arg;
    if (err != ERR_OK || !newpcb)
        return ERR_VAL;
    struct tcp_sk *t = l->acc_len < l->backlog ? kzalloc(sizeof *t) : NULL;
    if (!t) {
        tcp_abort(newpcb);
        return ERR_ABRT;
    }
    t->pcb = newpcb;
    t->quick = QUICKACKS;
    t->state = TS_CONNECTED;
    t->was_connected = true;
    t->listener = l;
    t->nodelay = l->nodelay;
    if (t->nodelay)
        tcp_nagle_disable(newpcb);
    set_callbacks(newpcb, t);
    update_space(t);
    remember_addrs(t);
    if (l->acc_tail)
        l->acc_tail->acc_next = t;
    else
        l->acc_head = t;
    l->acc_tail = t;
    l->acc_len++;
    tsk_wake(l, POLLIN | POLLRDNORM);
    return ERR_OK;
}

/* --- helpers --- */

static int new_pcb(struct socket *s, struct tcp_sk *t)
{
    struct tcp_pcb *pcb = tcp_new();
    if (!pcb)
        return -ENOMEM;
    t->pcb = pcb;
    t->quick = QUICKACKS;
    t->rx_seen = false;
    set_callbacks(pcb, t);
    if (s->reuseaddr || s->reuseport)
        ip_set_option(pcb, SOF_REUSEADDR);
    if (s->keepalive)
        ip_set_option(pcb, SOF_KEEPALIVE);
    if (t->nodelay)
        tcp_nagle_disable(pcb);
    return 0;
}

/* Linux refuses a second listener on a port that lwIP (which lets two
 * SO_REUSEADDR sockets share anything) would allow. */
static bool listener_conflict(struct tcp_sk *t, const ip_addr_t *ip, uint16_t port)
{
    for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l; l = l->next) {
        if (l->local_port == port && (struct tcp_pcb *)l != t->pcb &&
            (ip_addr_isany(&l->local_ip) || ip_addr_isany(ip) || ip_addr_cmp(&l->local_ip, ip))) {
            struct tcp_sk *o = l->callback_arg;
            if (!(t->sock && t->sock->reuseport && o && o->sock && o->sock->reuseport))
                return true;
        }
    }
    return false;
}

static int lwip_errno(err_t e)
{
    switch (e) {
    case ERR_OK: return 0;
    case ERR_MEM: case ERR_BUF: return -ENOMEM;
    case ERR_RTE: return -ENETUNREACH;
    case ERR_USE: return -EADDRINUSE;
    case ERR_ISCONN: return -EISCONN;
    case ERR_ALREADY: return -EALREADY;
    case ERR_CONN: return -ENOTCONN;
    case ERR_RST: return -ECONNRESET;
    case ERR_ABRT: return -ECONNABORTED;
    case ERR_VAL: case ERR_ARG: return -EINVAL;
    default: return -EIO;
    }
}

/* Takes the pending error (SO_ERROR semantics): positive errno or 0. */
static int take_err(struct tcp_sk *t)
{
    int e = t->err;
    t->err = 0;
    return e;
}

/* --- operations --- */

static int tcp_bind_op(struct socket *s, const struct sockaddr_storage *a, int len)
{
    ip_addr_t ip;
    uint16_t port;
    int r = inet_addr_in(a, len, &ip, &port, true);
    if (r < 0)
        return r;
    struct tcp_sk *t = tsk(s);
    uint64_t f = net_lock();
    if (t->state != TS_NEW || !t->pcb || t->pcb->local_port != 0)
        r = -EINVAL;
    else if (!inet_addr_is_local(&ip))
        r = -EADDRNOTAVAIL;
    else if (port && listener_conflict(t, &ip, port))
        r = -EADDRINUSE;
    else
        r = lwip_errno(tcp_bind(t->pcb, &ip, port));
    if (r == -ENOMEM)
        r = -EADDRINUSE;                 /* no free ephemeral port */
    remember_addrs(t);
    net_unlock(f);
    return r;
}

static int tcp_listen_op(struct socket *s, int backlog)
{
    struct tcp_sk *t = tsk(s);
    int r = 0;
    uint64_t f = net_lock();
    /* Linux bounds the queue by backlog; lwIP cannot hold a connection
     * back (it would reset it), so short backlogs are lengthened. */
    int qlen = MAX(backlog + 1, ACCEPT_BACKLOG_MIN);
    if (t->state == TS_LISTEN) {
        t->backlog = qlen;
    } else if (t->state != TS_NEW || !t->pcb) {
        r = -EINVAL;
    } else {
        if (t->pcb->local_port == 0)
            r = lwip_errno(tcp_bind(t->pcb, IP4_ADDR_ANY, 0));
        if (r == 0 && listener_conflict(t, &t->pcb->local_ip, t->pcb->local_port))
            r = -EADDRINUSE;
        if (r == 0) {
            err_t e = ERR_OK;
            struct tcp_pcb *lp = tcp_listen_with_backlog_and_err(t->pcb, 255, &e);
            if (!lp) {
                r = e == ERR_USE ? -EADDRINUSE : -ENOMEM;
            } else {
                t->pcb = lp;             /* lwIP freed the old pcb */
                tcp_ext_arg_set(lp, ext_id, t);
                tcp_arg(lp, t);
                tcp_accept(lp, on_accept);
                t->state = TS_LISTEN;
                t->backlog = qlen;
                remember_addrs(t);
            }
        }
    }
    net_unlock(f);
    return r;
}

static int tcp_accept_op(struct socket *s, struct socket **out, bool nonblock)
{
    struct tcp_sk *t = tsk(s);
    for (;;) {
        uint64_t f = net_lock();
        if (t->state != TS_LISTEN) {
            net_unlock(f);
            return -EINVAL;
        }
        struct tcp_sk *c = t->acc_head;
        if (c) {
            struct socket *ns = sock_alloc(AF_INET, SOCK_STREAM, IPPROTO_TCP, &tcp_ops);
            if (!ns) {
                net_unlock(f);
                return -ENOMEM;
            }
            t->acc_head = c->acc_next;
            if (!t->acc_head)
                t->acc_tail = NULL;
            t->acc_len--;
            c->acc_next = NULL;
            c->listener = NULL;
            c->sock = ns;
            ns->sk = c;
            /* Options a Linux child inherits from its listener. */
            ns->keepalive = s->keepalive;
            ns->rcvbuf = s->rcvbuf;
            ns->sndbuf = s->sndbuf;
            ns->linger = s->linger;
            if (c->pcb && s->keepalive)
                ip_set_option(c->pcb, SOF_KEEPALIVE);
            net_unlock(f);
            *out = ns;
            return 0;
        }
        net_unlock(f);
        if (nonblock)
            return -EAGAIN;
        uint64_t timeo = s->rcvtimeo_ns;
        int r = WAIT_EVENT_DEADLINE(&s->wq, t->acc_head || t->state != TS_LISTEN, sock_deadline(timeo));
        if (r)
            return sock_wait_error(r, timeo);
    }
}

/* What a connect call reports once the handshake is over (Linux's
 * inet_stream_connect after it waited): 0, or the error, which it takes. */
static int connect_result(struct tcp_sk *t)
{
    t->in_progress = false;
    if (t->state == TS_CONNECTED || (t->state == TS_CLOSED && t->was_connected && !t->err))
        return 0;
    return -(take_err(t) ?: ECONNABORTED);
}

static int tcp_connect_op(struct socket *s, const struct sockaddr_storage *a, int len, bool nonblock)
{
    struct tcp_sk *t = tsk(s);
    ip_addr_t ip;
    uint16_t port;
    int r = inet_addr_in(a, len, &ip, &port, false);
    if (r < 0)
        return r;
    uint64_t timeo = s->sndtimeo_ns;
    uint64_t f = net_lock();
    if (t->in_progress) {
        /* A connect that said EINPROGRESS: this one tells how it went. */
        if (t->state != TS_CONNECTING) {
            r = connect_result(t);
            net_unlock(f);
            return r;
        }
        net_unlock(f);
        if (nonblock)
            return -EALREADY;
        goto wait;
    }
    switch (t->state) {
    case TS_LISTEN:
    case TS_CONNECTED:
        net_unlock(f);
        return -EISCONN;
    case TS_CONNECTING:
        net_unlock(f);
        if (nonblock)
            return -EALREADY;
        goto wait;
    case TS_CLOSED:
        if (t->was_connected) {
            net_unlock(f);
            return -EISCONN;             /* Linux: a connection that ended stays "connected" */
        }
        /* A failed connect: the socket may try again, on a new pcb. */
        take_err(t);
        t->rd_eof = t->fin = false;
        t->state = TS_NEW;
        if (!t->pcb && (r = new_pcb(s, t)) < 0) {
            net_unlock(f);
            return r;
        }
        break;
    case TS_NEW:
        break;
    }
    if (ip_addr_isany(&ip))
        ip_addr_set_loopback(false, &ip);    /* Linux: 0.0.0.0 is this host */
    err_t e = tcp_connect(t->pcb, &ip, port, on_connected);
    if (e != ERR_OK) {
        net_unlock(f);
        return lwip_errno(e);
    }
    t->state = TS_CONNECTING;
    remember_addrs(t);
    /* Over loopback the handshake (or the reset) happens inside this
     * unlock already; Linux defers it until connect returns, so a
     * non-blocking connect says EINPROGRESS either way. */
    t->in_progress = nonblock;
    net_unlock(f);
    if (nonblock)
        return -EINPROGRESS;
wait:
    r = WAIT_EVENT_DEADLINE(&s->wq, t->state != TS_CONNECTING, sock_deadline(timeo));
    if (r == -ETIMEDOUT) {
        t->in_progress = true;
        return -EINPROGRESS;
    }
    if (r) {
        t->in_progress = true;
        return sock_wait_error(r, timeo);
    }
    f = net_lock();
    r = connect_result(t);
    net_unlock(f);
    return r;
}

static long broken_pipe(int flags)
{
    if (!(flags & MSG_NOSIGNAL))
        signal_raise_self(SIGPIPE);
    return -EPIPE;
}

static long tcp_sendmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct tcp_sk *t = tsk(s);
    size_t total = msg_left(m), done = 0;
    uint64_t timeo = s->sndtimeo_ns, deadline = sock_deadline(timeo);
    char *buf = NULL;
    size_t have = 0, pos = 0;            /* bytes of buf copied from the user / given to lwIP */
    long r = 0;
    for (;;) {
        uint64_t f = net_lock();
        if (t->err) {
            r = -take_err(t);
        } else if (t->shut_wr || t->state == TS_CLOSED || t->state == TS_NEW || t->state == TS_LISTEN) {
            r = -EPIPE;
        } else if (t->state == TS_CONNECTING) {
            r = -EAGAIN;                 /* wait for the handshake below */
        } else if (done == total) {
            net_unlock(f);
            break;
        } else if (pos < have) {
            update_space(t);
            uint32_t n = (uint32_t)MIN(have - pos, t->snd_space);
            t->seg_short = false;
            if (n) {
                bool more = (flags & MSG_MORE) || pos + n < have || done + n < total;
                err_t e = tcp_write(t->pcb, buf + pos, (u16_t)n,
                                    TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
                if (e == ERR_OK) {
                    pos += n;
                    done += n;
                    t->unacked += n;
                    /* Full segments go now; a short tail waits only for
                     * Nagle (or for more of this same call). */
                    tcp_output(t->pcb);
                } else if (e == ERR_MEM) {
                    /* No room after all, though the send buffer has some:
                     * wait as for a full one (sending what is queued, as
                     * lwIP's own netconn does). Trying again at once would
                     * spin here forever, as only the network thread takes
                     * in the ACKs that free segments. */
                    n = 0;
                    t->seg_short = true;
                    tcp_output(t->pcb);
                } else {
                    r = lwip_errno(e);
                }
            }
            update_space(t);
            if (!n && !r) {
                r = -EAGAIN;
                t->nospace = true;
            }
        }
        /* Short of segments with none of ours in flight: no ACK will wake
         * us, so try again after a while (lwIP's other users free them). */
        bool retry_soon = r == -EAGAIN && t->seg_short && !t->unacked;
        net_unlock(f);
        if (r == -EPIPE) {
            r = done ? 0 : broken_pipe(flags);
            break;
        }
        if (r == -EAGAIN) {
            r = 0;
            if (nonblock) {
                r = done ? 0 : -EAGAIN;
                break;
            }
            uint64_t soon = retry_soon ? clock_monotonic_ns() + SEG_RETRY_NS : 0;
            bool ours = soon && (!deadline || soon < deadline);
            int w = WAIT_EVENT_DEADLINE(&s->wq, t->state != TS_CONNECTING && (t->err || !t->pcb ||
                                        (t->snd_space > 0 && !t->seg_short) || t->shut_wr),
                                        ours ? soon : deadline);
            if (w == -ETIMEDOUT && ours)
                continue;                /* our retry time, not the caller's deadline */
            if (w) {
                r = done ? 0 : sock_wait_error(w, timeo);
                break;
            }
            continue;
        }
        if (r < 0) {
            if (done)
                r = 0;
            break;
        }
        if (pos == have && done < total) {
            /* The next piece of the user's data, copied without the lock. */
            size_t n = MIN(total - done, (size_t)SEND_CHUNK);
            if (!buf && !(buf = kmalloc(MIN(total, (size_t)SEND_CHUNK)))) {
                r = done ? 0 : -ENOMEM;
                break;
            }
            if (msg_copy_from(m, buf, n)) {
                r = done ? 0 : -EFAULT;
                break;
            }
            have = n;
            pos = 0;
        }
    }
    kfree(buf);
    return r < 0 ? r : (long)done;
}

/* Copies up to n bytes from the front of the receive queue to the user
 * without net_lock (the caller is the only reader and has seen `avail`
 * bytes queued): the bytes copied, or -EFAULT. */
static long copy_out(struct tcp_sk *t, struct msg *m, size_t n)
{
    struct pbuf *p = t->rxq;
    size_t off = t->rx_off, done = 0;
    while (done < n && p) {
        size_t chunk = MIN(n - done, p->len - off);
        if (msg_copy_to(m, (char *)p->payload + off, chunk))
            return done ? (long)done : -EFAULT;
        done += chunk;
        off += chunk;
        if (off == p->len && done < n) {
            p = p->next;
            off = 0;
        }
    }
    return (long)done;
}

/* Drops n bytes from the queue and opens the window by as much. Once the
 * reader has taken everything, an ACK lwIP is still delaying goes at once:
 * a sender held back by Nagle may be waiting for it, and a reply sent
 * later then acknowledges nothing new, which keeps a BSD peer (QEMU's
 * slirp) on its fast path, where it ACKs at once instead of 2 ms later.
 * Call with net_lock held. */
static void consume(struct tcp_sk *t, size_t n)
{
    t->rx_bytes -= (uint32_t)n;
    size_t left = n;
    while (left) {
        struct pbuf *p = t->rxq;
        size_t in = p->len - t->rx_off;
        if (left < in) {
            t->rx_off += (uint32_t)left;
            break;
        }
        left -= in;
        t->rxq = p->next;
        if (!t->rxq)
            t->rxq_tail = NULL;
        p->next = NULL;
        pbuf_free(p);
        t->rx_off = 0;
    }
    while (t->pcb && n) {
        u16_t w = (u16_t)MIN(n, 0xFFFFu);
        tcp_recved(t->pcb, w);
        n -= w;
    }
    if (t->pcb && t->rx_bytes == 0 && (t->pcb->flags & TF_ACK_DELAY)) {
        tcp_ack_now(t->pcb);
        tcp_output(t->pcb);
    }
}

static int reader_enter(struct socket *s, struct tcp_sk *t)
{
    for (;;) {
        uint64_t f = net_lock();
        bool mine = !t->reading;
        t->reading = true;
        net_unlock(f);
        if (mine)
            return 0;
        int r = WAIT_EVENT(&s->wq, !t->reading);
        if (r)
            return sock_wait_error(r, 0);
    }
}

static void reader_leave(struct socket *s, struct tcp_sk *t)
{
    uint64_t f = net_lock();
    t->reading = false;
    net_unlock(f);
    sock_wake_events(s, 0);
}

static long tcp_recvmsg_op(struct socket *s, struct msg *m, int flags, bool nonblock)
{
    struct tcp_sk *t = tsk(s);
    if (flags & MSG_OOB)
        return -EINVAL;                  /* no urgent data kept (Linux: EINVAL when none) */
    size_t want = msg_left(m), done = 0;
    uint64_t timeo = s->rcvtimeo_ns, deadline = sock_deadline(timeo);
    int r = reader_enter(s, t);
    if (r)
        return r;
    long res = 0;
    for (;;) {
        uint64_t f = net_lock();
        uint32_t avail = t->rx_bytes - (flags & MSG_PEEK ? (uint32_t)done : 0);
        enum tsk_state st = t->state;
        bool eof = t->rd_eof || t->shut_rd;
        int err = avail || t->fin ? 0 : t->err;
        if (err && !done)
            take_err(t);
        net_unlock(f);
        if (want == 0)
            break;
        if (avail && done < want) {
            long n = copy_out(t, m, MIN((size_t)avail, want - done));
            if (n < 0) {
                res = done ? 0 : n;
                break;
            }
            if (!(flags & MSG_PEEK)) {
                f = net_lock();
                consume(t, (size_t)n);
                net_unlock(f);
            }
            done += (size_t)n;
            if (done == want || !(flags & MSG_WAITALL) || (flags & MSG_PEEK))
                break;
            continue;
        }
        if (done && !(flags & MSG_WAITALL))
            break;
        if (err) {
            res = done ? 0 : -err;
            break;
        }
        if (eof)
            break;
        if (st == TS_NEW || st == TS_LISTEN || (st == TS_CLOSED && !t->was_connected)) {
            res = done ? 0 : -ENOTCONN;
            break;
        }
        if (nonblock || (flags & MSG_DONTWAIT)) {
            res = done ? 0 : -EAGAIN;
            break;
        }
        int w = WAIT_EVENT_DEADLINE(&s->wq, t->rx_bytes > (flags & MSG_PEEK ? done : 0) || t->rd_eof ||
                                    t->shut_rd || t->err || t->state == TS_NEW, deadline);
        if (w) {
            res = done ? 0 : sock_wait_error(w, timeo);
            break;
        }
    }
    reader_leave(s, t);
    return res < 0 ? res : (long)done;
}

static int tcp_shutdown_op(struct socket *s, int how)
{
    struct tcp_sk *t = tsk(s);
    uint64_t f = net_lock();
    int r = 0;
    if (t->state == TS_LISTEN) {
        /* Linux: a shut listener stops; accept then fails with EINVAL. */
        if (how != SHUT_WR) {
            struct tcp_sk *c;
            while ((c = t->acc_head)) {
                t->acc_head = c->acc_next;
                tsk_destroy(c, true);
            }
            t->acc_tail = NULL;
            t->acc_len = 0;
            if (t->pcb) {
                clear_callbacks(t->pcb);
                tcp_close(t->pcb);
                t->pcb = NULL;
            }
            t->state = TS_CLOSED;
        }
    } else if (t->state != TS_CONNECTED && t->state != TS_CONNECTING &&
               !(t->state == TS_CLOSED && t->was_connected)) {
        r = -ENOTCONN;
    } else {
        if (how != SHUT_WR)
            t->shut_rd = true;
        if (how != SHUT_RD && !t->shut_wr) {
            t->shut_wr = true;
            if (t->pcb && t->state == TS_CONNECTED)
                tcp_shutdown(t->pcb, 0, 1);
        }
    }
    net_unlock(f);
    sock_wake(s);
    return r;
}

static int tcp_getname_op(struct socket *s, struct sockaddr_storage *a, bool peer)
{
    struct tcp_sk *t = tsk(s);
    uint64_t f = net_lock();
    remember_addrs(t);
    int r;
    if (peer) {
        bool conn = t->state == TS_CONNECTED || (t->state == TS_CLOSED && t->was_connected && !t->err);
        r = conn ? inet_addr_out(a, &t->remote_ip, t->remote_port) : -ENOTCONN;
    } else {
        r = inet_addr_out(a, &t->local_ip, t->local_port);
    }
    net_unlock(f);
    return r;
}

static int tcp_setsockopt_op(struct socket *s, int level, int name, const void *val, int len)
{
    struct tcp_sk *t = tsk(s);
    int v = sockopt_int(val, len);
    int r = 0;
    uint64_t f = net_lock();
    struct tcp_pcb *pcb = t->pcb;
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_REUSEADDR:
        case SO_REUSEPORT:
            if (pcb && (s->reuseaddr || s->reuseport))
                ip_set_option(pcb, SOF_REUSEADDR);
            else if (pcb)
                ip_reset_option(pcb, SOF_REUSEADDR);
            break;
        case SO_KEEPALIVE:
            if (pcb && v)
                ip_set_option(pcb, SOF_KEEPALIVE);
            else if (pcb)
                ip_reset_option(pcb, SOF_KEEPALIVE);
            break;
        default:
            r = -ENOPROTOOPT;
        }
    } else if (level == IPPROTO_TCP) {
        if (len < (int)sizeof(int)) {
            r = -EINVAL;
        } else {
            switch (name) {
            case TCP_NODELAY:
                t->nodelay = v != 0;
                if (pcb && v)
                    tcp_nagle_disable(pcb);
                else if (pcb)
                    tcp_nagle_enable(pcb);
                if (pcb && v && pcb->state != LISTEN)
                    tcp_output(pcb);
                break;
            case TCP_KEEPIDLE:
            case TCP_KEEPINTVL:
                if (v < 1 || v > 32767)
                    r = -EINVAL;
                else if (pcb && pcb->state != LISTEN) {
                    if (name == TCP_KEEPIDLE)
                        pcb->keep_idle = (u32_t)v * 1000;
                    else
                        pcb->keep_intvl = (u32_t)v * 1000;
                }
                break;
            case TCP_KEEPCNT:
                if (v < 1 || v > 127)
                    r = -EINVAL;
                else if (pcb && pcb->state != LISTEN)
                    pcb->keep_cnt = (u32_t)v;
                break;
            case TCP_MAXSEG:
            case TCP_CORK:
            case TCP_QUICKACK:
            case TCP_USER_TIMEOUT:
                break;                   /* accepted, lwIP has no such knob */
            default:
                r = -ENOPROTOOPT;
            }
        }
    } else if (level == IPPROTO_IP) {
        switch (name) {
        case IP_TOS:
            if (pcb)
                pcb->tos = (u8_t)v;
            break;
        case IP_TTL:
            if (v < -1 || v == 0 || v > 255)
                r = -EINVAL;
            else if (pcb)
                pcb->ttl = (u8_t)(v == -1 ? 64 : v);
            break;
        default:
            r = -ENOPROTOOPT;
        }
    } else {
        r = -ENOPROTOOPT;
    }
    net_unlock(f);
    return r;
}

static int tcp_getsockopt_op(struct socket *s, int level, int name, void *val, int *len)
{
    struct tcp_sk *t = tsk(s);
    int r = -ENOPROTOOPT;
    uint64_t f = net_lock();
    struct tcp_pcb *pcb = t->pcb;
    bool live = pcb && pcb->state != LISTEN;
    if (level == SOL_SOCKET) {
        if (name == SO_ERROR)
            r = sockopt_put_int(val, len, take_err(t));
        else if (name == SO_ACCEPTCONN)
            r = sockopt_put_int(val, len, t->state == TS_LISTEN);
    } else if (level == IPPROTO_TCP) {
        switch (name) {
        case TCP_NODELAY: r = sockopt_put_int(val, len, t->nodelay); break;
        case TCP_MAXSEG: r = sockopt_put_int(val, len, live && t->state == TS_CONNECTED ? tcp_mss(pcb) : 536); break;
        case TCP_KEEPIDLE: r = sockopt_put_int(val, len, live ? (int)(pcb->keep_idle / 1000) : 7200); break;
        case TCP_KEEPINTVL: r = sockopt_put_int(val, len, live ? (int)(pcb->keep_intvl / 1000) : 75); break;
        case TCP_KEEPCNT: r = sockopt_put_int(val, len, live ? (int)pcb->keep_cnt : 9); break;
        case TCP_CORK: case TCP_QUICKACK: case TCP_USER_TIMEOUT: r = sockopt_put_int(val, len, 0); break;
        }
    } else if (level == IPPROTO_IP) {
        if (name == IP_TOS)
            r = sockopt_put_int(val, len, pcb ? pcb->tos : 0);
        else if (name == IP_TTL)
            r = sockopt_put_int(val, len, pcb ? pcb->ttl : 64);
    }
    net_unlock(f);
    return r;
}

static unsigned tcp_poll_op(struct socket *s)
{
    struct tcp_sk *t = tsk(s);
    unsigned mask = 0;
    uint64_t f = net_lock();
    if (t->state == TS_LISTEN) {
        if (t->acc_head)
            mask |= POLLIN | POLLRDNORM;
    } else {
        /* As Linux's tcp_poll. */
        if (t->err)
            mask |= POLLERR;
        bool closed = t->state == TS_CLOSED || t->state == TS_NEW;
        if ((t->shut_wr && (t->rd_eof || t->shut_rd)) || closed)
            mask |= POLLHUP;
        if (t->rd_eof || t->shut_rd)
            mask |= POLLIN | POLLRDNORM | POLLRDHUP;
        if (t->state != TS_CONNECTING) {
            if (t->rx_bytes)
                mask |= POLLIN | POLLRDNORM;
            if (t->shut_wr || closed)
                mask |= POLLOUT | POLLWRNORM;
            else if (t->pcb && t->snd_space >= MIN((uint32_t)TCP_SNDLOWAT, (uint32_t)TCP_SND_BUF / 2))
                mask |= POLLOUT | POLLWRNORM;
            else if (t->pcb && t->snd_space > 0 && t->unacked == 0)
                mask |= POLLOUT | POLLWRNORM;
        }
    }
    net_unlock(f);
    return mask;
}

static long tcp_ioctl_op(struct socket *s, unsigned cmd, unsigned long arg)
{
    struct tcp_sk *t = tsk(s);
    int v;
    uint64_t f = net_lock();
    bool listen = t->state == TS_LISTEN;
    switch (cmd) {
    case SIOCINQ: v = (int)t->rx_bytes; break;
    case SIOCOUTQ: v = (int)t->unacked; break;
    case SIOCATMARK: v = 0; break;
    default:
        net_unlock(f);
        return -ENOTTY;
    }
    net_unlock(f);
    if (listen && cmd != SIOCATMARK)
        return -EINVAL;
    return put_user(v, (int __user *)arg);
}

static void tcp_release_op(struct socket *s)
{
    struct tcp_sk *t = tsk(s);
    if (!t)
        return;
    uint64_t f = net_lock();
    struct tcp_sk *c;
    while ((c = t->acc_head)) {
        t->acc_head = c->acc_next;
        tsk_destroy(c, true);
    }
    bool reset = s->linger.l_onoff && s->linger.l_linger == 0;
    tsk_destroy(t, reset);
    s->sk = NULL;
    net_unlock(f);
}

static const struct proto_ops tcp_ops = {
    .bind = tcp_bind_op, .connect = tcp_connect_op, .listen = tcp_listen_op,
    .accept = tcp_accept_op, .sendmsg = tcp_sendmsg_op, .recvmsg = tcp_recvmsg_op,
    .shutdown = tcp_shutdown_op, .getname = tcp_getname_op, .setsockopt = tcp_setsockopt_op,
    .getsockopt = tcp_getsockopt_op, .poll = tcp_poll_op, .ioctl = tcp_ioctl_op,
    .release = tcp_release_op,
};

int tcp_create(struct socket *s)
{
    static bool ext_ready;
    struct tcp_sk *t = kzalloc(sizeof *t);
    if (!t)
        return -ENOMEM;
    t->sock = s;
    s->ops = &tcp_ops;
    s->sk = t;
    uint64_t f = net_lock();
    if (!ext_ready) {
        ext_id = tcp_ext_arg_alloc_id();
        ext_ready = true;
    }
    int r = new_pcb(s, t);
    net_unlock(f);
    if (r < 0) {
        kfree(t);
        s->sk = NULL;
    }
    return r;
}
