/* AF_INET addresses between struct sockaddr_in and lwIP (net/inet.c). */
#pragma once
#include <stdbool.h>
#include "net/socket.h"
#include "lwip/ip_addr.h"

/* The address and port (host order) of a user's sockaddr_in: 0,
 * -EINVAL (too short) or -EAFNOSUPPORT (another family; AF_UNSPEC is
 * taken as AF_INET when unspec_ok, as Linux's bind does for INADDR_ANY). */
int inet_addr_in(const struct sockaddr_storage *a, int len, ip_addr_t *ip, uint16_t *port, bool unspec_ok);
/* Fills a sockaddr_in: its length. */
int inet_addr_out(struct sockaddr_storage *a, const ip_addr_t *ip, uint16_t port);
/* Whether a socket may bind to ip: any, 127.0.0.0/8, or an address of an
 * interface (net_lock held). */
bool inet_addr_is_local(const ip_addr_t *ip);
/* 255.255.255.255 or an interface's broadcast address (net_lock held). */
bool inet_addr_is_broadcast(const ip_addr_t *ip);
