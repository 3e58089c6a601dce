/* lwIP in the kernel.
 *
 * Design: lwIP runs with NO_SYS=1 and its raw (callback) API, and one
 * spinlock, net_lock, guards all of it. Whoever needs lwIP takes the lock
 * and calls it directly: a socket system call in the calling thread, the
 * network thread for frames from devices and for lwIP's timers. lwIP's
 * callbacks (data arrived, data acknowledged, connection accepted or
 * reset) only queue and wake wait queues, so nothing sleeps under the
 * lock; socket calls copy user memory before or after holding it. There
 * is no tcpip thread and no message passing: a send over loopback runs
 * the receiving side's TCP input in the sender's own thread (net_unlock),
 * which is the shortest path a program talking to itself can have.
 *
 * The network thread ("netd") sleeps until a device interrupt says frames
 * arrived, or until lwIP's next timer is due. */
#include "net/stack.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/x86.h"
#include "fs/procfs.h"
#include "fs/seqbuf.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "net/iface.h"
#include "net/ipconfig.h"
#include "net/netdev.h"
#include "net/socket.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sched/thread.h"
#include "sched/wait.h"

#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define NETD_BUDGET 64
#define POLL_INTERVAL_NS 4000000ull     /* devices without an interrupt */

static spinlock_t lock = SPINLOCK_INIT;
static struct waitq netd_wq = WAITQ_INIT;
static volatile uint64_t netd_deadline;   /* when netd wakes up on its own */
static volatile bool netd_kicked;         /* a timer is due before that */
static struct netdev *devices;
static bool have_polled;

static struct waitq configured_wq = WAITQ_INIT;
static volatile bool configured;
static struct netif *primary;
static struct ipconfig ipconfig;          /* ip=, parsed once by net_init */

/* --- lwIP's platform functions (net/lwip/arch/cc.h, lwipopts.h) --- */

uint32_t sys_now(void) { return (uint32_t)(clock_monotonic_ns() / 1000000); }

void *lwip_port_malloc(size_t size) { return kmalloc(size); }
void lwip_port_free(void *p) { kfree(p); }

void *lwip_port_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        return NULL;
    return kzalloc(n * size);
}

uint32_t lwip_port_rand(void)
{
    uint32_t r;
    get_random_bytes(&r, sizeof r);
    return r;
}

void lwip_port_diag(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n < sizeof buf && buf[n - 1] == '\n')
        buf[n - 1] = 0;
    klog("lwip: %s", buf);
}

void lwip_port_assert(const char *msg, const char *file, int line)
{
    panic("lwip: assertion \"%s\" failed at %s:%d", msg, file, line);
}

/* --- the lock --- */

uint64_t net_lock(void) { return spin_lock_irqsave(&lock); }

void net_unlock(uint64_t flags)
{
    netif_poll_all();
    /* A timer lwIP just armed (TCP's, when a connection starts) may be due
     * before netd planned to wake. */
    uint32_t ms = sys_timeouts_sleeptime();
    bool wake = ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE &&
                clock_monotonic_ns() + (uint64_t)ms * 1000000 < netd_deadline;
    if (wake)
        netd_kicked = true;
    spin_unlock_irqrestore(&lock, flags);
    if (wake)
        wake_up(&netd_wq);
}

/* --- devices --- */

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
    struct netdev *d = netif->state;
    struct kvec v[16];
    int n = 0;
    struct pbuf *q;
    for (q = p; q && n < (int)ARRAY_SIZE(v); q = q->next)
        v[n++] = (struct kvec){ q->payload, q->len };
    if (q)
        return ERR_BUF;                   /* lwIP never builds chains this long */
    int r = d->ops->xmit(d, v, n);
    return r == 0 ? ERR_OK : r == -EAGAIN ? ERR_MEM : ERR_BUF;
}

static err_t eth_netif_init(struct netif *netif)
{
    struct netdev *d = netif->state;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    netif->mtu = d->mtu;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, d->mac, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

static void status_changed(struct netif *netif)
{
    if (netif != primary || ip4_addr_isany_val(*netif_ip4_addr(netif)))
        return;
    if (log_verbose) {
        char a[16], m[16], g[16];
        ip4addr_ntoa_r(netif_ip4_addr(netif), a, sizeof a);
        ip4addr_ntoa_r(netif_ip4_netmask(netif), m, sizeof m);
        ip4addr_ntoa_r(netif_ip4_gw(netif), g, sizeof g);
        char name[IFNAMSIZ];
        iface_name(netif, name);
        klog("net: %s %s netmask %s gateway %s", name, a, m, g);
    }
    configured = true;
    wake_up(&configured_wq);
}

/* How the first interface got its address ("#PROTO: DHCP", or "#MANUAL"
 * for a static ip= or none), then each DNS server, ip='s first, where it
 * gave none DHCP's: Linux's format (net/ipv4/ipconfig.c), which glibc
 * reads as resolv.conf (comments, then nameserver lines). */
static void show_pnp(struct seqbuf *s)
{
    uint64_t f = net_lock();
    bool dhcp = primary && dhcp_supplied_address(primary);
    ip4_addr_t servers[DNS_MAX_SERVERS];
    for (int i = 0; i < DNS_MAX_SERVERS; i++) {
        ip4_addr_copy(servers[i], *ip_2_ip4(dns_getserver((u8_t)i)));
        if (i < IPCONFIG_DNS && ipconfig.dns[i])
            ip4_addr_set_u32(&servers[i], lwip_htonl(ipconfig.dns[i]));
    }
    net_unlock(f);
    seq_puts(s, dhcp ? "#PROTO: DHCP\n" : "#MANUAL\n");
    for (int i = 0; i < DNS_MAX_SERVERS; i++) {
        char a[16];
        if (!ip4_addr_isany_val(servers[i]))
            seq_printf(s, "nameserver %s\n", ip4addr_ntoa_r(&servers[i], a, sizeof a));
    }
}
/* /proc/net/pnp: the image's /etc/resolv.conf links to it. */
PROCFS_FILE(pnp, "/proc/net", "pnp", show_pnp);

/* The first card's address: ip= in Linux's form (net/ipconfig.h), else
 * DHCP. Under net_lock. */
static void configure(struct netif *netif, const struct ipconfig *c)
{
    if (c->addr) {
        ip4_addr_t addr, mask, gw;
        ip4_addr_set_u32(&addr, lwip_htonl(c->addr));
        ip4_addr_set_u32(&mask, lwip_htonl(c->netmask));
        ip4_addr_set_u32(&gw, lwip_htonl(c->gateway));
        netif_set_addr(netif, &addr, &mask, &gw);
    }
    if (c->dhcp)
        dhcp_start(netif);
}

void netdev_register(struct netdev *d)
{
    struct netif *netif = kzalloc(sizeof *netif);
    if (!netif)
        panic("net: out of memory");
    d->netif = netif;

    uint64_t f = net_lock();
    d->next = devices;
    devices = d;
    have_polled |= d->polled;
    netif_add(netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, d, eth_netif_init, ethernet_input);
    netif_set_status_callback(netif, status_changed);
    bool first = !primary;
    if (first) {
        primary = netif;
        netif_set_default(netif);
    }
    netif_set_up(netif);
    if (first)
        configure(netif, &ipconfig);
    net_unlock(f);
    wake_up(&netd_wq);
}

void netdev_rx_ready(struct netdev *d)
{
    d->rx_pending = true;
    wake_up(&netd_wq);
}

void netdev_receive(struct netdev *d, const void *frame, size_t len)
{
    if (len < SIZEOF_ETH_HDR || len > 0xFFFF)
        return;
    uint64_t f = net_lock();
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
    if (p) {
        memcpy(p->payload, frame, len);
        struct netif *netif = d->netif;
        if (netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
    net_unlock(f);
}

/* --- the network thread --- */

static bool netd_has_work(void)
{
    for (struct netdev *d = devices; d; d = d->next)
        if (d->rx_pending)
            return true;
    return false;
}

static void netd_main(void)
{
    for (;;) {
        netd_kicked = false;
        for (struct netdev *d = devices; d; d = d->next) {
            if (d->polled)
                d->rx_pending = true;
            if (d->rx_pending) {
                d->rx_pending = false;
                if (d->ops->poll(d, NETD_BUDGET) >= NETD_BUDGET)
                    d->rx_pending = true;     /* more waiting: come back after the timers */
                if (d->polled)
                    d->rx_pending = false;
            }
        }
        uint64_t f = net_lock();
        sys_check_timeouts();
        uint32_t ms = sys_timeouts_sleeptime();
        uint64_t now = clock_monotonic_ns();
        uint64_t deadline = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? now + NSEC_PER_SEC
                                                                  : now + (uint64_t)ms * 1000000;
        if (have_polled && deadline > now + POLL_INTERVAL_NS)
            deadline = now + POLL_INTERVAL_NS;
        netd_deadline = deadline;
        net_unlock(f);
        WAIT_EVENT_DEADLINE(&netd_wq, netd_has_work() || netd_kicked, deadline);
    }
}

void net_init(void)
{
    ipconfig_parse(cmdline_get("ip"), &ipconfig);
    if (ipconfig.error)
        klog("net: ip=%s: %s; see Linux's Documentation/admin-guide/nfs/nfsroot.rst", cmdline_get("ip"),
             ipconfig.error);
    socket_init();
    uint64_t f = net_lock();
    lwip_init();
    net_unlock(f);
    netd_deadline = ~0ull;
    sched_add(thread_new_kernel(netd_main));
}

void net_wait_configured(uint64_t timeout_ms)
{
    if (!primary || (!ipconfig.dhcp && !ipconfig.addr))
        return;                           /* no card, or ip=off: nothing to wait for */
    uint64_t deadline = clock_monotonic_ns() + timeout_ms * 1000000;
    if (WAIT_EVENT_DEADLINE(&configured_wq, configured, deadline) == -ETIMEDOUT)
        klog("net: no address after %lu ms (DHCP); the network may not work", timeout_ms);
}
