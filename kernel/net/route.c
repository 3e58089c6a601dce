/* IPv4 routes in Linux's terms: see net/route.h. For each interface
 * address Linux's fib_add_ifaddr adds, in the main table, the route to
 * its subnet, and in the local table the address itself and its
 * subnet's broadcast address (for lo the whole 127.0.0.0/8 is local);
 * the default route through the gateway goes with the default interface,
 * as Linux's ip= autoconfiguration (and DHCP) adds it. */
#include "net/route.h"
#include "fs/procfs.h"
#include "fs/seqbuf.h"
#include "lib/kernel.h"
#include "net/iface.h"
#include "net/netlink.h"
#include "net/stack.h"

#include "lwip/netif.h"

#define RTF_UP 0x1
#define RTF_GATEWAY 0x2
#define PROC_ROUTE_WIDTH 127

/* n's routes into out (room for 5): how many. */
static int routes_of(struct netif *n, struct route *out)
{
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(n)), m = ip4_addr_get_u32(netif_ip4_netmask(n));
    uint32_t gw = ip4_addr_get_u32(netif_ip4_gw(n));
    int k = 0, oif = iface_index(n), len = iface_prefix_len(n);
    bool lo = iface_is_loopback(n);
    if (n == netif_default && gw && !lo)
        out[k++] = (struct route){ RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, RTPROT_BOOT, 0, 0, gw, 0, oif };
    if (len < 32)
        out[k++] = (struct route){ lo ? RT_TABLE_LOCAL : RT_TABLE_MAIN, lo ? RTN_LOCAL : RTN_UNICAST,
                                   lo ? RT_SCOPE_HOST : RT_SCOPE_LINK, RTPROT_KERNEL, (uint8_t)len, a & m, 0, a,
                                   oif };
    out[k++] = (struct route){ RT_TABLE_LOCAL, RTN_LOCAL, RT_SCOPE_HOST, RTPROT_KERNEL, 32, a, 0, a, oif };
    if (len < 31)
        out[k++] = (struct route){ RT_TABLE_LOCAL, RTN_BROADCAST, RT_SCOPE_LINK, RTPROT_KERNEL, 32, a | ~m, 0,
                                   a, oif };
    return k;
}

static bool route_before(const struct route *x, const struct route *y)
{
    if (x->table != y->table)
        return x->table == RT_TABLE_MAIN;
    uint32_t dx = __builtin_bswap32(x->dst), dy = __builtin_bswap32(y->dst);
    return dx != dy ? dx < dy : x->dst_len < y->dst_len;
}

int route_list(struct route *out, int max)
{
    struct netif *ifs[8];
    struct route mine[5];
    int k = 0, count = iface_list(ifs, (int)ARRAY_SIZE(ifs));
    for (int i = 0; i < count; i++) {
        if (ip4_addr_isany_val(*netif_ip4_addr(ifs[i])))
            continue;
        int got = routes_of(ifs[i], mine);
        /* Insertion in order: the table is short. */
        for (int j = 0; j < got && k < max; j++) {
            int at = k++;
            for (; at > 0 && route_before(&mine[j], &out[at - 1]); at--)
                out[at] = out[at - 1];
            out[at] = mine[j];
        }
    }
    return k;
}

/* As Linux's fib_route_seq_show: the main table's unicast routes, each
 * line padded to 127 bytes, addresses as the hex of their bytes in
 * memory. */
static void show_route(struct seqbuf *s)
{
    struct route routes[ROUTES_MAX];
    char names[ROUTES_MAX][IFNAMSIZ];
    uint64_t f = net_lock();
    int k = route_list(routes, ROUTES_MAX);
    for (int i = 0; i < k; i++)
        iface_name(iface_by_index(routes[i].oif), names[i]);
    net_unlock(f);
    seq_puts(s, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
    seq_pad_line(s, PROC_ROUTE_WIDTH);
    seq_puts(s, "\n");
    for (int i = 0; i < k; i++) {
        const struct route *r = &routes[i];
        if (r->table != RT_TABLE_MAIN || r->type != RTN_UNICAST)
            continue;
        uint32_t mask = r->dst_len ? __builtin_bswap32(~0u << (32 - r->dst_len)) : 0;
        seq_printf(s, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u", names[i], r->dst, r->gateway,
                   RTF_UP | (r->gateway ? RTF_GATEWAY : 0), 0, 0, 0, mask, 0, 0, 0);
        seq_pad_line(s, PROC_ROUTE_WIDTH);
        seq_puts(s, "\n");
    }
}
PROCFS_FILE(route, "/proc/net", "route", show_route);
