/* AF_INET addresses: Linux's checks, lwIP's types. */
#include "net/inet.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lwip/netif.h"

int inet_addr_in(const struct sockaddr_storage *a, int len, ip_addr_t *ip, uint16_t *port, bool unspec_ok)
{
    if (len < (int)sizeof(struct sockaddr_in))
        return -EINVAL;
    const struct sockaddr_in *in = (const struct sockaddr_in *)a;
    if (in->sin_family != AF_INET) {
        if (!(unspec_ok && in->sin_family == AF_UNSPEC && in->sin_addr == 0))
            return -EAFNOSUPPORT;
    }
    ip_addr_set_ip4_u32_val(*ip, in->sin_addr);
    *port = lwip_ntohs(in->sin_port);
    return 0;
}

int inet_addr_out(struct sockaddr_storage *a, const ip_addr_t *ip, uint16_t port)
{
    struct sockaddr_in *in = (struct sockaddr_in *)a;
    memset(in, 0, sizeof *in);
    in->sin_family = AF_INET;
    in->sin_port = lwip_htons(port);
    in->sin_addr = ip ? ip4_addr_get_u32(ip_2_ip4(ip)) : 0;
    return (int)sizeof *in;
}

bool inet_addr_is_local(const ip_addr_t *ip)
{
    if (ip_addr_isany(ip) || ip4_addr_isloopback(ip_2_ip4(ip)))
        return true;
    struct netif *n;
    NETIF_FOREACH(n) {
        if (ip4_addr_cmp(ip_2_ip4(ip), netif_ip4_addr(n)))
            return true;
    }
    return false;
}

bool inet_addr_is_broadcast(const ip_addr_t *ip)
{
    uint32_t a = ip4_addr_get_u32(ip_2_ip4(ip));
    if (a == IPADDR_BROADCAST)
        return true;
    struct netif *n;
    NETIF_FOREACH(n) {
        if (ip4_addr_isbroadcast_u32(a, n))
            return true;
    }
    return false;
}
