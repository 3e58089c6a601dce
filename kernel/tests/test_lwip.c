/* lwIP, built with the kernel's configuration (net/lwip/lwipopts.h) and
 * patches, fed frames as a peer could send them:
 *  - initial sequence numbers (net/tcp_isn.c): distinct for connections
 *    opened at once (lwIP's own gave them all 6510), 4 us ticks apart in time;
 *  - a SYN flood to a listening port: the connections lwIP keeps never
 *    pass MEMP_NUM_TCP_PCB (the heap pools had no limit before patch
 *    0002), SYNs past it are dropped, and once the half-open connections
 *    time out, a new SYN is answered again;
 *  - out-of-order segments: one connection queues at most
 *    TCP_OOSEQ_MAX_PBUFS of them (there was no bound below the window:
 *    a peer's 1-byte segments took one tcp_seg each); across many
 *    connections they can still fill the TCP_SEG pool shared by all, and
 *    then tcp_write says ERR_MEM with room in the send buffer (what
 *    net/tcp.c's send must wait out, not retry at once), until it drains;
 *  - random frames: ARP, ICMP, UDP, TCP to a listening port and to an
 *    established connection, IPv4 fragments, with fields and lengths
 *    mutated. An lwIP assertion here is a kernel panic there: it aborts
 *    this test (and AddressSanitizer checks every access). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/inet_chksum.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/prot/ethernet.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "netif/ethernet.h"
#include "net/tcp_isn.h"

/* --- the port (net/stack.c's, on libc) --- */

static uint32_t now_ms;
static uint64_t seed = 88172645463325252ull;

static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)seed;
}

uint32_t sys_now(void) { return now_ms; }
uint64_t clock_monotonic_ns(void) { return (uint64_t)now_ms * 1000000; }

void get_random_bytes(void *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = (uint8_t)rnd();
}
uint32_t lwip_port_rand(void) { return rnd(); }
void *lwip_port_malloc(size_t size) { return malloc(size); }
void *lwip_port_calloc(size_t n, size_t size) { return calloc(n, size); }
void lwip_port_free(void *p) { free(p); }
int net_ip4_input_hook(struct pbuf *p, struct netif *inp) { (void)p; (void)inp; return 0; }
void lwip_port_diag(const char *fmt, ...) { (void)fmt; }

void lwip_port_assert(const char *msg, const char *file, int line)
{
    fprintf(stderr, "test_lwip: lwIP assertion \"%s\" failed at %s:%d (a kernel panic)\n", msg, file, line);
    abort();
}

/* --- the interface and the peer --- */

static struct netif nif;
static const uint8_t our_mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
static const uint8_t peer_mac[6] = { 0x52, 0x55, 10, 0, 2, 2 };
static ip4_addr_t our_ip, peer_ip, mask;
static unsigned frames_out, synacks_out;
static uint32_t last_seq, last_ack;    /* of the last TCP segment we sent */
static uint8_t last_flags;

static err_t linkoutput(struct netif *n, struct pbuf *p)
{
    (void)n;
    uint8_t f[1600];
    uint16_t len = pbuf_copy_partial(p, f, sizeof f, 0);
    frames_out++;
    if (len >= 54 && f[12] == 0x08 && f[13] == 0x00 && f[23] == IP_PROTO_TCP) {
        const uint8_t *t = f + 14 + (f[14] & 15) * 4;
        last_seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 8 | t[7];
        last_ack = (uint32_t)t[8] << 24 | (uint32_t)t[9] << 16 | (uint32_t)t[10] << 8 | t[11];
        last_flags = t[13];
        if ((t[13] & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
            synacks_out++;
    }
    return ERR_OK;
}

static err_t nif_init(struct netif *n)
{
    n->hwaddr_len = 6;
    memcpy(n->hwaddr, our_mac, 6);
    n->mtu = 1500;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    n->output = etharp_output;
    n->linkoutput = linkoutput;
    return ERR_OK;
}

static void input(const uint8_t *frame, size_t len)
{
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
    if (!p)
        return;
    memcpy(p->payload, frame, len);
    if (nif.input(p, &nif) != ERR_OK)
        pbuf_free(p);
}

static void advance(uint32_t ms)
{
    for (uint32_t step = 0; step < ms; step += 250) {
        now_ms += 250;
        sys_check_timeouts();
    }
}

/* --- frames --- */

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

static size_t eth(uint8_t *f, uint16_t type)
{
    memcpy(f, our_mac, 6);
    memcpy(f + 6, peer_mac, 6);
    put16(f + 12, type);
    return 14;
}

/* An IPv4 header at f + 14 for a payload of plen, and its checksum. */
static size_t ip4(uint8_t *f, uint8_t proto, size_t plen, uint16_t id, uint16_t frag)
{
    uint8_t *h = f + 14;
    memset(h, 0, 20);
    h[0] = 0x45;
    put16(h + 2, (uint16_t)(20 + plen));
    put16(h + 4, id);
    put16(h + 6, frag);
    h[8] = 64;
    h[9] = proto;
    memcpy(h + 12, &peer_ip, 4);
    memcpy(h + 16, &our_ip, 4);
    put16(h + 10, 0);
    uint16_t c = inet_chksum(h, 20);
    memcpy(h + 10, &c, 2);
    return 34;
}

static void transport_checksum(uint8_t *f, uint8_t proto, size_t plen, size_t csum_off)
{
    uint8_t *t = f + 34;
    memset(t + csum_off, 0, 2);
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)plen, PBUF_RAM);
    memcpy(p->payload, t, plen);
    ip_addr_t src, dst;
    ip_addr_copy_from_ip4(src, peer_ip);
    ip_addr_copy_from_ip4(dst, our_ip);
    uint16_t c = ip_chksum_pseudo(p, proto, (u16_t)plen, &src, &dst);
    pbuf_free(p);
    memcpy(t + csum_off, &c, 2);
}

/* A TCP segment from the peer; opts/olen are whole 32-bit words. */
static size_t tcp_frame(uint8_t *f, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
                        const uint8_t *opts, size_t olen, size_t dlen)
{
    size_t hl = 20 + olen, plen = hl + dlen;
    eth(f, ETHTYPE_IP);
    ip4(f, IP_PROTO_TCP, plen, (uint16_t)rnd(), 0x4000);
    uint8_t *t = f + 34;
    put16(t, sport);
    put16(t + 2, dport);
    put32(t + 4, seq);
    put32(t + 8, ack);
    t[12] = (uint8_t)(hl / 4) << 4;
    t[13] = flags;
    put16(t + 14, 65535);
    put16(t + 18, 0);
    if (olen)
        memcpy(t + 20, opts, olen);
    for (size_t i = 0; i < dlen; i++)
        t[hl + i] = (uint8_t)rnd();
    transport_checksum(f, IP_PROTO_TCP, plen, 16);
    return 34 + plen;
}

static void arp_request(void)
{
    uint8_t f[42];
    eth(f, ETHTYPE_ARP);
    memset(f, 0xFF, 6);
    static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
    memcpy(f + 14, hdr, 8);
    memcpy(f + 22, peer_mac, 6);
    memcpy(f + 28, &peer_ip, 4);
    memset(f + 32, 0, 6);
    memcpy(f + 38, &our_ip, 4);
    input(f, sizeof f);
}

/* --- the SYN flood --- */

static err_t accept_cb(void *arg, struct tcp_pcb *pcb, err_t err);
static struct tcp_pcb *listener;

static unsigned count_pcbs(void)
{
    unsigned n = 0;
    for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
        n++;
    for (struct tcp_pcb *p = tcp_tw_pcbs; p; p = p->next)
        n++;
    return n;
}

/* RFC 6528's ISN: the keyed hash tells connections apart, the clock
 * moves each one on by one every 4 microseconds. */
static void isn(void)
{
    uint32_t key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint32_t a = tcp_isn(key, 0x0f02000a, 80, 0x0202000a, 40000, 1000000);
    CHECK_EQ(tcp_isn(key, 0x0f02000a, 80, 0x0202000a, 40000, 1000000 + 4000), a + 1);
    CHECK_EQ(tcp_isn(key, 0x0f02000a, 80, 0x0202000a, 40000, 1000000 + 3999), a);
    CHECK(tcp_isn(key, 0x0f02000a, 80, 0x0202000a, 40001, 1000000) != a);
    CHECK(tcp_isn(key, 0x0f02000a, 81, 0x0202000a, 40000, 1000000) != a);
    CHECK(tcp_isn(key, 0x0f02000a, 80, 0x0302000a, 40000, 1000000) != a);
    key[7] ^= 1;
    CHECK(tcp_isn(key, 0x0f02000a, 80, 0x0202000a, 40000, 1000000) != a);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void syn_flood(void)
{
    uint8_t f[128];
    unsigned most = 0;
    uint32_t isns[64];
    for (unsigned i = 0; i < MEMP_NUM_TCP_PCB + 500; i++) {
        input(f, tcp_frame(f, (uint16_t)(1024 + i), 80, rnd(), 0, TCP_SYN, NULL, 0, 0));
        if (i < 64)
            isns[i] = last_seq;                 /* the SYN-ACK's */
        unsigned n = count_pcbs();
        most = n > most ? n : most;
    }
    /* Connections opened in the same millisecond: no two ISNs alike. */
    qsort(isns, 64, sizeof isns[0], cmp_u32);
    unsigned same = 0;
    for (unsigned i = 1; i < 64; i++)
        same += isns[i] == isns[i - 1];
    CHECK_EQ(same, 0);
    CHECK(most <= MEMP_NUM_TCP_PCB);
    CHECK_EQ(most, MEMP_NUM_TCP_PCB);
    CHECK(synacks_out <= MEMP_NUM_TCP_PCB);
    /* Half-open connections give up after their SYN-ACK retransmissions. */
    advance(400 * 1000);
    CHECK_EQ(count_pcbs(), 0);
    arp_request();                       /* the peer's ARP entry expired meanwhile */
    unsigned before = synacks_out;
    input(f, tcp_frame(f, 999, 80, 1, 0, TCP_SYN, NULL, 0, 0));
    CHECK_EQ(synacks_out, before + 1);
    input(f, tcp_frame(f, 999, 80, 1, 0, TCP_RST, NULL, 0, 0));
}

/* --- random frames --- */

static struct tcp_pcb *conn;          /* the established connection, or NULL */
static struct tcp_pcb *connecting;    /* ours, in SYN_SENT */
static unsigned active_opens;         /* of ours that a SYN-ACK established */
static uint16_t conn_port = 40000;   /* the last connection's ports, ours and the peer's */
static uint16_t conn_local = 80;
static uint32_t peer_seq, our_seq;

#define MAX_KEPT 1024
static struct tcp_pcb *kept[MAX_KEPT];
static unsigned nkept = MAX_KEPT;     /* MAX_KEPT: not keeping */

static err_t recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    (void)err;
    if (!p) {
        tcp_close(pcb);
        if (pcb == conn)
            conn = NULL;
        return ERR_OK;
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
}

static void err_cb(void *arg, err_t err)
{
    (void)err;
    for (unsigned i = 0; i < nkept; i++)
        if (kept[i] == arg)
            kept[i] = NULL;
    if (arg == conn)
        conn = NULL;                   /* lwIP freed it */
    if (arg == connecting)
        connecting = NULL;
}

static err_t accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    tcp_arg(pcb, pcb);
    tcp_recv(pcb, recv_cb);
    tcp_err(pcb, err_cb);
    if (nkept < MAX_KEPT) {           /* ooseq_pool keeps them all */
        kept[nkept++] = pcb;
        return ERR_OK;
    }
    if (conn) {                       /* one kept at a time */
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    conn = pcb;
    return ERR_OK;
}

static void udp_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    (void)arg;
    (void)pcb;
    (void)addr;
    (void)port;
    pbuf_free(p);
}

/* A three-way handshake on a new port: conn is set when it worked. */
static void connect_peer(void)
{
    uint8_t f[128];
    conn_port++;
    conn_local = 80;
    peer_seq = rnd();
    input(f, tcp_frame(f, conn_port, 80, peer_seq, 0, TCP_SYN, NULL, 0, 0));
    if ((last_flags & (TCP_SYN | TCP_ACK)) != (TCP_SYN | TCP_ACK))
        return;
    our_seq = last_seq + 1;
    peer_seq++;
    input(f, tcp_frame(f, conn_port, 80, peer_seq, our_seq, TCP_ACK, NULL, 0, 0));
}

static err_t connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    (void)pcb;
    (void)err;
    return ERR_OK;
}

/* We connect to the peer, which answers our SYN with a SYN-ACK whose
 * options are random: the connection becomes the one random frames go to. */
static void connect_to_peer(const uint8_t *opts, size_t olen)
{
    uint8_t f[128];
    struct tcp_pcb *pcb = tcp_new();
    if (!pcb)
        return;
    tcp_arg(pcb, pcb);
    tcp_recv(pcb, recv_cb);
    tcp_err(pcb, err_cb);
    ip_addr_t dst;
    ip_addr_copy_from_ip4(dst, peer_ip);
    conn_port++;
    if (tcp_connect(pcb, &dst, conn_port, connected_cb) != ERR_OK) {
        tcp_abort(pcb);
        return;
    }
    conn_local = pcb->local_port;
    our_seq = last_seq + 1;
    peer_seq = rnd();
    connecting = pcb;
    input(f, tcp_frame(f, conn_port, conn_local, peer_seq, rnd() % 8 ? our_seq : rnd(), TCP_SYN | TCP_ACK, opts, olen,
                       0));
    peer_seq++;
    if (!connecting)                          /* lwIP dropped it (err_cb said so) */
        return;
    connecting = NULL;
    if (pcb->state != ESTABLISHED) {
        tcp_abort(pcb);
        return;
    }
    if (conn)
        tcp_abort(conn);
    conn = pcb;
    active_opens++;
}

static const uint8_t OPTIONS[][12] = {
    { 2, 4, 0x05, 0xb4, 3, 3, 7, 1 },                     /* MSS, window scale, NOP */
    { 2, 4, 0, 0, 0, 0, 0, 0 },                           /* MSS 0 */
    { 3, 3, 255, 1, 8, 10, 0, 0, 0, 1, 0, 0 },            /* a huge window scale, a timestamp */
    { 2, 0, 0, 0 },                                       /* an option of length 0 */
    { 8, 40, 1, 1 },                                      /* a length past the header */
    { 1, 1, 1, 2 },                                       /* NOPs, then a cut option */
};
static const size_t OPTION_LEN[] = { 8, 8, 12, 4, 4, 4 };

static size_t random_tcp(uint8_t *f)
{
    static const uint8_t flag_sets[] = { TCP_ACK, TCP_ACK | TCP_PSH, TCP_SYN, TCP_SYN | TCP_ACK, TCP_FIN | TCP_ACK,
                                         TCP_RST, TCP_RST | TCP_ACK, TCP_SYN | TCP_FIN, 0, TCP_URG | TCP_ACK, 0xFF };
    uint8_t flags = (rnd() % 4) ? flag_sets[rnd() % 5] : flag_sets[rnd() % sizeof flag_sets];
    bool to_conn = rnd() % 4;           /* the last connection, even once closed */
    uint16_t sport = to_conn ? conn_port : (uint16_t)(30000 + rnd() % 64);
    uint32_t seq = to_conn ? peer_seq + (rnd() % 8 ? rnd() % 3000 - 1000 : rnd()) : rnd();
    uint32_t ack = to_conn ? our_seq + (rnd() % 8 ? rnd() % 200 - 100 : rnd()) : rnd();
    unsigned o = rnd() % (sizeof OPTION_LEN / sizeof OPTION_LEN[0] + 2);
    const uint8_t *opts = o < 6 ? OPTIONS[o] : NULL;
    size_t olen = o < 6 ? OPTION_LEN[o] : 0;
    size_t dlen = rnd() % 4 ? rnd() % 1400 : 0;
    uint16_t dport = to_conn ? conn_local : rnd() % 16 ? 80 : (uint16_t)rnd();
    size_t n = tcp_frame(f, sport, dport, seq, ack, flags, opts, olen, dlen);
    if (to_conn && !(flags & (TCP_SYN | TCP_RST)) && seq == peer_seq)
        peer_seq += (uint32_t)dlen;
    return n;
}

static size_t random_udp(uint8_t *f)
{
    size_t dlen = rnd() % 1400;
    eth(f, ETHTYPE_IP);
    ip4(f, IP_PROTO_UDP, 8 + dlen, (uint16_t)rnd(), 0);
    uint8_t *u = f + 34;
    put16(u, (uint16_t)rnd());
    put16(u + 2, rnd() % 2 ? 5353 : (uint16_t)rnd());
    put16(u + 4, (uint16_t)(rnd() % 4 ? 8 + dlen : rnd()));
    for (size_t i = 0; i < dlen; i++)
        u[8 + i] = (uint8_t)rnd();
    transport_checksum(f, IP_PROTO_UDP, 8 + dlen, 6);
    return 34 + 8 + dlen;
}

static size_t random_icmp(uint8_t *f)
{
    size_t dlen = 8 + rnd() % 600;
    eth(f, ETHTYPE_IP);
    ip4(f, IP_PROTO_ICMP, dlen, (uint16_t)rnd(), 0);
    uint8_t *c = f + 34;
    for (size_t i = 0; i < dlen; i++)
        c[i] = (uint8_t)rnd();
    c[0] = rnd() % 2 ? 8 : (uint8_t)(rnd() % 20);      /* echo request, or anything (errors quote a header) */
    if (c[0] == 3 || c[0] == 11) {                       /* quote a UDP datagram of ours */
        c[8] = 0x45;
        c[17] = IP_PROTO_UDP;
    }
    put16(c + 2, 0);
    uint16_t s = inet_chksum(c, (u16_t)dlen);
    memcpy(c + 2, &s, 2);
    return 34 + dlen;
}

/* A DHCP reply to the client (the kernel's interface asks QEMU's, or a
 * LAN's, server): the transaction id it waits for, a random message type
 * and options of random lengths, some in the sname and file fields. */
static size_t random_dhcp(uint8_t *f)
{
    static const uint8_t codes[] = { 1, 3, 6, 15, 28, 42, 50, 51, 52, 53, 54, 58, 59, 255, 0, 99 };
    struct dhcp *d = netif_dhcp_data(&nif);
    uint8_t *m = f + 42;
    memset(m, 0, 240);
    m[0] = 2;                                           /* BOOTREPLY */
    m[1] = 1;
    m[2] = 6;
    put32(m + 4, rnd() % 8 ? d->xid : rnd());
    memcpy(m + 16, &our_ip, 4);                         /* yiaddr */
    memcpy(m + 28, our_mac, 6);                         /* chaddr */
    put32(m + 236, 0x63825363);                         /* the magic cookie */
    size_t n = 240;
    if (rnd() % 4) {
        m[n++] = 53;                                    /* the message type first, mostly */
        m[n++] = 1;
        m[n++] = (uint8_t)(rnd() % 4 ? 2 + 3 * (rnd() % 3) : rnd() % 9);   /* OFFER, ACK, NAK, any */
    }
    unsigned k = rnd() % 12;
    for (unsigned i = 0; i < k && n < 560; i++) {
        uint8_t code = codes[rnd() % sizeof codes], len = (uint8_t)(rnd() % 4 ? 4 * (rnd() % 3) : rnd() % 255);
        m[n++] = code;
        if (code == 0 || code == 255)
            continue;
        m[n++] = len;
        for (unsigned b = 0; b < len && n < 600; b++)
            m[n++] = (uint8_t)rnd();
    }
    if (rnd() % 2)
        m[n++] = 255;
    for (unsigned i = 44; i < 236; i++)                 /* sname and file: overloaded or garbage */
        if (rnd() % 8 == 0)
            m[i] = (uint8_t)rnd();
    if (rnd() % 8 == 0)
        n = 236 + rnd() % (n - 235);                    /* cut short */
    eth(f, ETHTYPE_IP);
    ip4(f, IP_PROTO_UDP, 8 + n, (uint16_t)rnd(), 0);
    uint8_t *u = f + 34;
    put16(u, 67);
    put16(u + 2, 68);
    put16(u + 4, (uint16_t)(8 + n));
    transport_checksum(f, IP_PROTO_UDP, 8 + n, 6);
    return 42 + n;
}

/* The client takes random replies, its timers running: whatever lease it
 * ends with, no assertion fails on the way. */
static void dhcp_replies(unsigned rounds)
{
    uint8_t f[1600];
    unsigned bound = 0;
    CHECK_EQ(dhcp_start(&nif), ERR_OK);
    for (unsigned i = 0; i < rounds; i++) {
        input(f, random_dhcp(f));
        bound += dhcp_supplied_address(&nif);
        if (i % 16 == 0)
            advance(250 * (1 + rnd() % 40));
    }
    CHECK(bound > 0);                      /* the replies reach as far as a lease */
    dhcp_release_and_stop(&nif);
}

/* A fragment of one of a few datagrams, at a random offset. */
static size_t random_fragment(uint8_t *f)
{
    size_t dlen = 8 * (1 + rnd() % 180);
    eth(f, ETHTYPE_IP);
    uint16_t off = (uint16_t)(rnd() % 1024);
    ip4(f, rnd() % 2 ? IP_PROTO_UDP : IP_PROTO_TCP, dlen, (uint16_t)(rnd() % 8),
        (uint16_t)((rnd() % 4 ? 0x2000 : 0) | off));
    for (size_t i = 0; i < dlen; i++)
        f[34 + i] = (uint8_t)rnd();
    return 34 + dlen;
}

static size_t random_arp(uint8_t *f)
{
    eth(f, ETHTYPE_ARP);
    static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
    memcpy(f + 14, hdr, 8);
    f[21] = (uint8_t)(1 + rnd() % 2);
    for (int i = 22; i < 42; i++)
        f[i] = (uint8_t)rnd();
    if (rnd() % 2)
        memcpy(f + 38, &our_ip, 4);
    return 42;
}

/* Flips bytes and changes lengths, keeping the checksums wrong or fixing
 * them: both reach different code. */
static size_t mutate(uint8_t *f, size_t n)
{
    unsigned flips = rnd() % 4;
    for (unsigned i = 0; i < flips && n > 14; i++)
        f[14 + rnd() % (n - 14)] ^= (uint8_t)(1u << (rnd() % 8));
    if (rnd() % 8 == 0)
        n = 14 + rnd() % (n - 13);                     /* cut short */
    if (n >= 34 && f[12] == 0x08 && f[13] == 0 && rnd() % 2) {
        put16(f + 14 + 10, 0);                          /* a sound IP checksum over what is there */
        uint16_t c = inet_chksum(f + 14, (u16_t)((f[14] & 15) * 4 <= n - 14 ? (f[14] & 15) * 4 : 20));
        memcpy(f + 24, &c, 2);
    }
    return n;
}

static void random_frames(unsigned rounds)
{
    uint8_t f[1600];
    unsigned conns = 0;
    for (unsigned i = 0; i < rounds; i++) {
        if (!conn && i % 16 == 0) {
            connect_peer();
            conns += conn != NULL;
        }
        size_t n;
        switch (rnd() % 10) {
        case 0: n = random_udp(f); break;
        case 1: n = random_icmp(f); break;
        case 2: n = random_fragment(f); break;
        case 3: n = random_arp(f); break;
        default: n = random_tcp(f); break;
        }
        if (rnd() % 3 == 0)
            n = mutate(f, n);
        input(f, n);
        if (i % 997 == 0) {
            unsigned o = rnd() % 6;
            connect_to_peer(OPTIONS[o], OPTION_LEN[o]);
        }
        if (conn && rnd() % 512 == 0) {
            tcp_close(conn);                   /* our side closes: FIN_WAIT and on */
            conn = NULL;
        }
        if (conn && rnd() % 16 == 0) {
            static const char data[512];
            tcp_write(conn, data, (u16_t)(rnd() % sizeof data), TCP_WRITE_FLAG_COPY);
            tcp_output(conn);
        }
        if (i % 64 == 0)
            advance(250 * (1 + rnd() % 8));
        if (i % 4096 == 0)
            arp_request();
    }
    CHECK(conns > 10);
    CHECK(active_opens > 10);
    /* Then the peer goes quiet: every connection (retransmitting to no
     * avail) and every datagram in reassembly times out, and what they held is freed (LeakSanitizer
     * checks at exit). */
    if (conn)
        tcp_abort(conn);
    advance(4 * 3600 * 1000);                /* lwIP's retransmission backoff is long */
    CHECK_EQ(count_pcbs(), 0);
}

/* --- out-of-order segments --- */

/* The peer sends n 1-byte segments to the connection on port `port`
 * (its sequence number next at seq), each after a gap: all out of order. */
static void ooseq_flood(uint16_t port, uint32_t seq, uint32_t ack, unsigned n)
{
    uint8_t f[128];
    for (unsigned i = 0; i < n; i++)
        input(f, tcp_frame(f, port, 80, seq + 1 + 2 * i, ack, TCP_ACK, NULL, 0, 1));
}

static unsigned ooseq_count(const struct tcp_pcb *pcb)
{
    unsigned n = 0;
    for (const struct tcp_seg *s = pcb->ooseq; s; s = s->next)
        n++;
    return n;
}

static void ooseq_bound(void)
{
    CHECK(TCP_OOSEQ_MAX_PBUFS > 0);
    connect_peer();
    if (!CHECK(conn != NULL))
        return;
    ooseq_flood(conn_port, peer_seq, our_seq, 4 * TCP_OOSEQ_MAX_PBUFS + 4);
    CHECK(ooseq_count(conn) > 0);
    CHECK(ooseq_count(conn) <= TCP_OOSEQ_MAX_PBUFS);
    tcp_abort(conn);
}

/* Connections enough to fill the TCP_SEG pool with out-of-order
 * segments, each within its own bound: then a tcp_write with room in the
 * send buffer says ERR_MEM, and once they are gone it works again. */
static void ooseq_pool(void)
{
    const unsigned per = TCP_OOSEQ_MAX_PBUFS ? TCP_OOSEQ_MAX_PBUFS : 256;
    unsigned want = MEMP_NUM_TCP_SEG / per + 1;
    CHECK(want < MAX_KEPT && want < MEMP_NUM_TCP_PCB);
    nkept = 0;
    struct tcp_pcb *writer = NULL;
    for (unsigned i = 0; i <= want && nkept < MAX_KEPT; i++) {
        unsigned before = nkept;
        connect_peer();
        if (!CHECK(nkept == before + 1))
            break;
        if (i == 0)
            writer = kept[0];             /* keeps its segments for writing */
        else
            ooseq_flood(conn_port, peer_seq, our_seq, per);
    }
    if (!CHECK(writer != NULL)) {
        nkept = MAX_KEPT;
        return;
    }
    static const char data[100];
    CHECK(tcp_sndbuf(writer) >= sizeof data);
    CHECK_EQ(tcp_write(writer, data, sizeof data, TCP_WRITE_FLAG_COPY), ERR_MEM);
    CHECK(tcp_sndbuf(writer) >= sizeof data);   /* room, though: the old send spun here */
    for (unsigned i = 1; i < nkept; i++)
        if (kept[i])
            tcp_abort(kept[i]);
    CHECK_EQ(tcp_write(writer, data, sizeof data, TCP_WRITE_FLAG_COPY), ERR_OK);
    tcp_abort(writer);
    nkept = MAX_KEPT;
}

int main(int argc, char **argv)
{
    /* test_lwip [ROUNDS [SEED]]: more of them by hand, to look further. */
    unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 200000;
    if (argc > 2)
        seed = strtoull(argv[2], NULL, 0) | 1;
    lwip_init();
    IP4_ADDR(&our_ip, 10, 0, 2, 15);
    IP4_ADDR(&peer_ip, 10, 0, 2, 2);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    netif_add(&nif, &our_ip, &mask, &peer_ip, NULL, nif_init, ethernet_input);
    netif_set_default(&nif);
    netif_set_up(&nif);
    arp_request();                         /* lwIP learns the peer's address */
    struct tcp_pcb *lp = tcp_new();
    tcp_bind(lp, IP_ADDR_ANY, 80);
    listener = tcp_listen(lp);
    tcp_accept(listener, accept_cb);
    struct udp_pcb *u = udp_new();
    udp_bind(u, IP_ADDR_ANY, 5353);
    udp_recv(u, udp_cb, NULL);

    isn();
    syn_flood();
    ooseq_bound();
    ooseq_pool();
    random_frames(rounds);
    dhcp_replies(rounds / 4);
    CHECK(frames_out > 0);
    check_done("test_lwip");
}
