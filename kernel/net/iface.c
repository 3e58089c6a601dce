/* lwIP's interfaces under Linux's names: see net/iface.h. lwIP calls
 * its loopback "lo0" and its cards "en1", "en2"...; numbers follow
 * registration, so the k-th card registered is Linux's "eth<k>". */
#include "net/iface.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"

#include "lwip/netif.h"

bool iface_is_loopback(const struct netif *n) { return n->name[0] == 'l' && n->name[1] == 'o'; }

void iface_name(const struct netif *n, char buf[IFNAMSIZ])
{
    if (iface_is_loopback(n)) {
        strlcpy(buf, "lo", IFNAMSIZ);
        return;
    }
    int k = 0;
    const struct netif *o;
    NETIF_FOREACH(o) {
        if (!iface_is_loopback(o) && o->num < n->num)
            k++;
    }
    ksnprintf(buf, IFNAMSIZ, "eth%d", k);
}

int iface_index(const struct netif *n) { return netif_get_index((struct netif *)n); }

unsigned iface_flags(const struct netif *n)
{
    unsigned f = iface_is_loopback(n) ? IFF_LOOPBACK : IFF_BROADCAST | IFF_MULTICAST;
    if (netif_is_up(n))
        f |= IFF_UP;
    if (netif_is_up(n) && netif_is_link_up(n))
        f |= IFF_RUNNING | IFF_LOWER_UP;
    return f;
}

unsigned iface_mtu(const struct netif *n) { return iface_is_loopback(n) ? LOOPBACK_MTU : n->mtu; }

int iface_type(const struct netif *n) { return iface_is_loopback(n) ? ARPHRD_LOOPBACK : ARPHRD_ETHER; }

struct netif *iface_by_name(const char *name)
{
    struct netif *n;
    char buf[IFNAMSIZ];
    NETIF_FOREACH(n) {
        iface_name(n, buf);
        if (strcmp(buf, name) == 0)
            return n;
    }
    return NULL;
}

struct netif *iface_by_index(int index)
{
    struct netif *n;
    NETIF_FOREACH(n) {
        if (iface_index(n) == index)
            return n;
    }
    return NULL;
}

int iface_list(struct netif **out, int max)
{
    int k = 0;
    struct netif *n;
    NETIF_FOREACH(n) {
        if (k == max)
            break;
        /* Insertion by index: the list is short. */
        int i = k++;
        for (; i > 0 && iface_index(out[i - 1]) > iface_index(n); i--)
            out[i] = out[i - 1];
        out[i] = n;
    }
    return k;
}

int iface_prefix_len(const struct netif *n)
{
    int k = 0;
    for (uint32_t m = ip4_addr_get_u32(netif_ip4_netmask(n)); m; m &= m - 1)
        k++;                     /* a netmask's ones are contiguous: count them */
    return k;
}

uint32_t iface_broadcast(const struct netif *n)
{
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(n)), m = ip4_addr_get_u32(netif_ip4_netmask(n));
    return iface_is_loopback(n) || a == 0 ? 0 : a | ~m;
}
