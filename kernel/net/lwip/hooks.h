/* Where lwIP calls into the kernel (lwipopts.h names the hooks). */
#pragma once
struct pbuf;
struct netif;

/* Every IPv4 packet that arrives, before lwIP looks at it: net/udp.c
 * takes ICMP errors about datagrams it sent. 0: lwIP goes on as usual. */
int net_ip4_input_hook(struct pbuf *p, struct netif *inp);
