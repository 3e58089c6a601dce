/* The TCP/IP stack: lwIP 2.1.3 under one lock (see net/stack.c). */
#pragma once
#include <stdint.h>

/* Starts lwIP, the loopback interface and the network thread. */
void net_init(void);
/* Waits (at most timeout_ms) until the first network device has its
 * address, when there is one: before the program starts, so a server's
 * port is reachable from its first instruction. */
void net_wait_configured(uint64_t timeout_ms);

/* Every call into lwIP holds this. Interrupts are off meanwhile: never
 * sleep or touch user memory while holding it. net_unlock delivers what
 * was sent over loopback before it lets go. */
uint64_t net_lock(void);
void net_unlock(uint64_t flags);
