/* lwIP's interfaces as Linux programs see them (net/iface.c): Linux's
 * names ("lo", then "eth0", "eth1"... in the order the cards were
 * registered), indexes, flags, MTU and hardware address, read from the
 * live netif list each time (DHCP or ip= may change an address at any
 * moment). Shared by the interface ioctls (net/ifioctl.c) and netlink
 * (net/netlink.c). Every function here wants net_lock held. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define IFNAMSIZ 16

/* Linux's interface flags (include/uapi/linux/if.h). */
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000
#define IFF_LOWER_UP 0x10000

/* Hardware types (include/uapi/linux/if_arp.h). */
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

#define LOOPBACK_MTU 65536       /* Linux's lo, larger than lwIP's u16 mtu */
#define IFACE_TXQLEN 1000

struct netif;

bool iface_is_loopback(const struct netif *n);
void iface_name(const struct netif *n, char buf[IFNAMSIZ]);
int iface_index(const struct netif *n);
unsigned iface_flags(const struct netif *n);
unsigned iface_mtu(const struct netif *n);
int iface_type(const struct netif *n);
/* The interface of a name or an index, or NULL. */
struct netif *iface_by_name(const char *name);
struct netif *iface_by_index(int index);
/* The interfaces in index order (lwIP keeps the newest first): how many
 * were written to out (at most max). */
int iface_list(struct netif **out, int max);
/* The length of the prefix its IPv4 netmask says. */
int iface_prefix_len(const struct netif *n);
/* The IPv4 broadcast address (network order) of the interface's
 * address, 0 when it has none (loopback, as on Linux). */
uint32_t iface_broadcast(const struct netif *n);
