/* Linux's netlink ABI (include/uapi/linux/netlink.h, rtnetlink.h,
 * if_link.h, if_addr.h): the part net/netlink.c speaks. */
#pragma once
#include <stdint.h>

#define NETLINK_ROUTE 0
#define SOL_NETLINK 270
#define NETLINK_ADD_MEMBERSHIP 1
#define NETLINK_DROP_MEMBERSHIP 2
#define NETLINK_NO_ENOBUFS 5
#define NETLINK_CAP_ACK 10
#define NETLINK_EXT_ACK 11
#define NETLINK_GET_STRICT_CHK 12

struct nlmsghdr {
    uint32_t len;                  /* header included */
    uint16_t type;
    uint16_t flags;
    uint32_t seq;
    uint32_t pid;
};

#define NLMSG_ALIGN(n) (((n) + 3u) & ~3u)
#define NLMSG_HDRLEN ((uint32_t)sizeof(struct nlmsghdr))

#define NLMSG_NOOP 1
#define NLMSG_ERROR 2
#define NLMSG_DONE 3
#define NLMSG_MIN_TYPE 0x10

#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI 0x2
#define NLM_F_ACK 0x4
#define NLM_F_ROOT 0x100
#define NLM_F_MATCH 0x200
#define NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH)
#define NLM_F_CAPPED 0x100          /* on NLMSG_ERROR: the request is not echoed */

struct nlmsgerr {
    int error;                     /* -errno, 0 for an acknowledgement */
    struct nlmsghdr msg;           /* the request's header (and body, unless capped) */
};

struct rtattr {
    uint16_t len;                  /* header included */
    uint16_t type;
};

#define RTA_ALIGN(n) NLMSG_ALIGN(n)

#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define RTM_NEWADDR 20
#define RTM_GETADDR 22
#define RTM_NEWROUTE 24
#define RTM_GETROUTE 26

struct ifinfomsg {
    uint8_t family;
    uint8_t pad;
    uint16_t type;                 /* ARPHRD_* */
    int32_t index;
    uint32_t flags;                /* IFF_* */
    uint32_t change;
};

#define IFLA_ADDRESS 1
#define IFLA_BROADCAST 2
#define IFLA_IFNAME 3
#define IFLA_MTU 4
#define IFLA_TXQLEN 13
#define IFLA_OPERSTATE 16
#define IFLA_LINKMODE 17
#define IFLA_CARRIER 33

#define IF_OPER_UNKNOWN 0
#define IF_OPER_DOWN 2
#define IF_OPER_UP 6

struct ifaddrmsg {
    uint8_t family;
    uint8_t prefixlen;
    uint8_t flags;
    uint8_t scope;
    uint32_t index;
};

#define IFA_ADDRESS 1
#define IFA_LOCAL 2
#define IFA_LABEL 3
#define IFA_BROADCAST 4
#define IFA_FLAGS 8

#define IFA_F_PERMANENT 0x80
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_HOST 254

struct rtmsg {
    uint8_t family;
    uint8_t dst_len;
    uint8_t src_len;
    uint8_t tos;
    uint8_t table;                 /* RT_TABLE_* */
    uint8_t protocol;              /* RTPROT_*: who added it */
    uint8_t scope;
    uint8_t type;                  /* RTN_* */
    uint32_t flags;
};

#define RTA_DST 1
#define RTA_OIF 4
#define RTA_GATEWAY 5
#define RTA_PREFSRC 7
#define RTA_TABLE 15

#define RT_TABLE_MAIN 254
#define RT_TABLE_LOCAL 255
#define RTPROT_KERNEL 2
#define RTPROT_BOOT 3              /* Linux's ip= autoconfiguration, DHCP included */
#define RT_SCOPE_LINK 253
#define RTN_UNICAST 1
#define RTN_LOCAL 2
#define RTN_BROADCAST 3
