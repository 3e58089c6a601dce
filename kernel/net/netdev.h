/* Network devices, as drivers see the network stack: a driver fills in a
 * struct netdev and registers it; the stack (net/stack.c) gives it an
 * interface, an address, and calls it to send and to receive. Drivers
 * know nothing of lwIP. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netdev;

struct kvec {
    const void *base;
    size_t len;
};

struct netdev_ops {
    /* Queues one Ethernet frame made of n pieces: 0, or -EAGAIN when the
     * transmit ring is full (the stack drops it; TCP sends it again),
     * -EMSGSIZE when it is too long. Called with net_lock held: it must
     * not sleep. */
    int (*xmit)(struct netdev *d, const struct kvec *v, int n);
    /* Hands up to budget received frames to netdev_receive, and re-arms
     * the device's interrupt once it has no more: how many it handed.
     * Called by the network thread only, without net_lock. */
    int (*poll)(struct netdev *d, int budget);
};

struct netdev {
    const struct netdev_ops *ops;
    uint8_t mac[6];
    uint16_t mtu;                  /* largest IP packet, 1500 on Ethernet */
    bool polled;                   /* no interrupt: the network thread polls it */
    void *priv;                    /* the driver's */
    /* The stack's: */
    void *netif;
    volatile bool rx_pending;      /* frames may wait: poll it */
    struct netdev *next;
};

/* Gives the device an interface: the first one also gets the address
 * (ip= on the command line, else DHCP) and the default route. */
void netdev_register(struct netdev *d);
/* From the driver's interrupt handler: frames arrived. */
void netdev_rx_ready(struct netdev *d);
/* From poll: one received Ethernet frame, copied (the driver reuses its
 * buffer when this returns). */
void netdev_receive(struct netdev *d, const void *frame, size_t len);
