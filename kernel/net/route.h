/* IPv4 routes as Linux would hold them for lwIP's interfaces and their
 * addresses (net/route.c): what the RTM_GETROUTE dump (net/netlink.c)
 * and /proc/net/route give. lwIP routes by interface and one default
 * interface; these are the same routes in Linux's terms. */
#pragma once
#include <stdint.h>

struct route {
    uint8_t table, type, scope, protocol, dst_len;   /* netlink's RT_TABLE_*, RTN_*... */
    uint32_t dst, gateway, prefsrc;  /* network order; 0: none */
    int oif;                         /* the interface's index */
};

#define ROUTES_MAX 40                /* 8 interfaces, at most 5 routes each */

/* Every route, in Linux's order (the main table, then the local one,
 * each by destination, then by prefix length): how many (at most max).
 * net_lock held. */
int route_list(struct route *out, int max);
