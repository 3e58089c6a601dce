/* Where lwIP calls into the kernel (lwipopts.h names the hooks). */
#pragma once
#include <stdint.h>
struct pbuf;
struct netif;
struct ip4_addr;

/* Every IPv4 packet that arrives, before lwIP looks at it: net/udp.c
 * takes ICMP errors about datagrams it sent. 0: lwIP goes on as usual. */
int net_ip4_input_hook(struct pbuf *p, struct netif *inp);

/* A new connection's initial sequence number (net/tcp_isn.c, RFC 6528). */
uint32_t net_tcp_isn_hook(const struct ip4_addr *local_ip, uint16_t local_port, const struct ip4_addr *remote_ip,
                          uint16_t remote_port);
