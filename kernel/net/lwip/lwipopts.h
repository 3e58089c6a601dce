/* lwIP's configuration for eggos.
 *
 * The design (net/stack.c says more): lwIP runs with NO_SYS=1 and its raw
 * API only. Every call into lwIP, from a socket system call, the network
 * thread (received frames, timers) or loopback delivery, holds one lock,
 * net_lock (an irqsave spinlock: lwIP code never sleeps). lwIP's callbacks
 * only queue data and wake wait queues. Memory comes from the kernel heap,
 * nothing is preallocated, but each pool has its MEMP_NUM_* limit (our
 * patch 0002 makes lwIP check it). What a peer can make us hold is said
 * below the limits: the pools bound most of it, not all.
 *
 * Assertions (LWIP_ASSERT, arch/cc.h) panic. What a packet can reach is
 * checked by the host test kernel/tests/test_lwip.c, which feeds lwIP
 * malformed and random frames with this configuration. */
#pragma once

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0          /* net_lock serializes everything */
#define LWIP_TIMERS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_CALLBACK_API 1

/* Memory: the kernel heap for both the heap and the pools. */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#include <stddef.h>
void *lwip_port_malloc(size_t size);
void *lwip_port_calloc(size_t n, size_t size);
void lwip_port_free(void *p);
#define mem_clib_malloc lwip_port_malloc
#define mem_clib_calloc lwip_port_calloc
#define mem_clib_free lwip_port_free
/* The most elements of each pool allocated at once, past which lwIP gets
 * NULL and drops what needed one (net/lwip/patches/0002). What each one
 * costs a peer, and what happens when it is full:
 * - TCP_PCB: every connection, from SYN_RCVD to TIME_WAIT. A SYN flood
 *   fills it; then lwIP drops SYNs (after killing the oldest TIME_WAIT,
 *   LAST_ACK, CLOSING, then oldest idle connection, as it does).
 * - TCP_PCB_LISTEN, UDP_PCB: the program's own sockets (ENOMEM past them).
 * - TCP_SEG: queued segments, ours to send and a peer's out-of-order
 *   ones, one pool for every connection. One connection's out-of-order
 *   queue is bounded by TCP_OOSEQ_MAX_PBUFS (below), but peers with 256
 *   connections can fill the pool. Full, a received out-of-order segment
 *   is dropped (the peer retransmits) and tcp_write says ERR_MEM: net/tcp.c's
 *   send then waits, as for a full send buffer, for an ACK of its own or,
 *   with nothing in flight, 20 ms before trying again (Linux under tcp_mem).
 * - REASSDATA: IPv4 datagrams being reassembled; IP_REASS_MAX_PBUFS bounds
 *   their fragments in all (lwIP checks that one itself: it was 10, so
 *   datagrams above ~14 KiB never reassembled; 64 frames hold 64 KiB).
 * - FRAG_PBUF: our own datagrams being fragmented (freed as sent).
 * - ARP_QUEUE: packets waiting for an ARP reply.
 * - PBUF: pbufs pointing at data elsewhere (lwIP's own, few).
 * - PBUF_POOL: copies of a broadcast datagram for each socket bound to it.
 * - SYS_TIMEOUT: lwIP's own timers, counted by lwIP.
 * Not in any pool: received in-order data (PBUF_RAM pbufs, one per frame,
 * net/stack.c) waiting for the program to read it. The window bounds it
 * to TCP_WND bytes of data per connection, but not the memory holding
 * them: a 1-byte segment takes a 128-byte heap slot (its 55-byte frame
 * and pbuf), so up to 32 MiB per connection whose program does not read,
 * and there is no cap over all connections (as Linux's tcp_mem) yet. */
#define MEMP_NUM_TCP_PCB 4096
#define MEMP_NUM_TCP_PCB_LISTEN 256
#define MEMP_NUM_UDP_PCB 1024
#define MEMP_NUM_TCP_SEG 65535          /* the most a u16_t count holds */
#define MEMP_NUM_REASSDATA 64
#define IP_REASS_MAX_PBUFS 64
#define MEMP_NUM_FRAG_PBUF 64
#define MEMP_NUM_ARP_QUEUE 64
#define MEMP_NUM_PBUF 256
#define PBUF_POOL_SIZE 1024
#define PBUF_POOL_BUFSIZE 1536

/* Protocols: IPv4, ARP, ICMP, UDP, TCP, DHCP. No IPv6: sockets answer
 * AF_INET6 with EAFNOSUPPORT, and the JDK falls back to IPv4. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define ARP_QUEUEING 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0           /* would cost half a second at boot */
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
/* glibc's resolver does DNS over UDP sockets; lwIP's DNS only keeps the
 * servers DHCP gives (option 6), for /proc/net/pnp (net/stack.c). */
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 3               /* glibc reads at most 3 (MAXNS) */
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define IP_DEFAULT_TTL 64
#define SO_REUSE 1                      /* SO_REUSEADDR */
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_SO_RCVBUF 0

/* Interfaces: the devices the drivers register, and 127.0.0.1. */
#define LWIP_SINGLE_NETIF 0
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_LOOPBACK_MULTITHREADING 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1  /* loopback skips checksums */
#define LWIP_NETIF_HOSTNAME 0

/* TCP sized for throughput: a 256 KiB window (scaled) and send buffer.
 * TCP_MSS is what loopback uses (its MTU is unlimited); on Ethernet lwIP
 * lowers it to the interface's MTU - 40 in the SYN. (lwIP reports send
 * space in 16 bits and wants 4 segments of room below that: 8 KiB.) */
#define TCP_MSS 8192
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 3
#define TCP_WND (256 * 1024)
#define TCP_SND_BUF (256 * 1024)
#define TCP_SND_QUEUELEN 1024
#define TCP_SNDLOWAT 16384
#define TCP_SNDQUEUELOWAT (TCP_SND_QUEUELEN / 2)
#define TCP_OVERSIZE TCP_MSS
#define TCP_QUEUE_OOSEQ 1
/* One connection's out-of-order queue, which the window alone bounds only
 * in bytes (a peer's 1-byte segments took one TCP_SEG each, 262144 a
 * connection): past either limit lwIP drops its tail. 256 segments are
 * more than a 256 KiB window holds in full Ethernet frames (180). */
#define TCP_OOSEQ_MAX_PBUFS 256
#define TCP_OOSEQ_MAX_BYTES TCP_WND
#define TCP_LISTEN_BACKLOG 0            /* net/tcp.c keeps its own accept queue */
#define LWIP_TCP_TIMESTAMPS 0
#define LWIP_TCP_PCB_NUM_EXT_ARGS 1     /* net/tcp.c hears when lwIP frees a pcb */
#define TCP_TTL 64
#define TCP_MAXRTX 12
#define TCP_SYNMAXRTX 6
/* TIME_WAIT lasts 2 * TCP_MSL: 60 s, as Linux's TCP_TIMEWAIT_LEN (lwIP's
 * default is 2 minutes, and nothing else bounds how many there are). */
#define TCP_MSL 30000UL

/* ICMP errors about UDP datagrams become the socket's error, as on Linux
 * (a connected socket hears ECONNREFUSED from a closed port). */
#define LWIP_HOOK_FILENAME "hooks.h"
#define LWIP_HOOK_IP4_INPUT(p, inp) net_ip4_input_hook((p), (inp))
/* Initial sequence numbers a peer cannot predict (net/tcp_isn.c). */
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) net_tcp_isn_hook((lip), (lport), (rip), (rport))

#define LWIP_STATS 0
#define LWIP_DEBUG 0
