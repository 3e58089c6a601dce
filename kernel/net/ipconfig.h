/* ip= on the kernel command line, in Linux's form
 * (Documentation/admin-guide/nfs/nfsroot.rst, net/ipv4/ipconfig.c):
 *
 *   ip=<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>:<dns0-ip>:<dns1-ip>
 *
 * or one word: on, any or dhcp (ask DHCP), off or none (no address).
 * Empty fields are not given. A client address makes the configuration
 * static; without one DHCP fills in what is missing, unless autoconf is
 * off or none. The DNS servers given win over DHCP's, as on Linux. The
 * netmask defaults to the address's class (10.x: /8). The server,
 * hostname and device fields are accepted and not used: eggos configures
 * its first network card, whatever its name. Unlike Linux, no ip= at all
 * means DHCP: egg's guests have one card and always want an address.
 *
 * Pure (no lwIP), so the host unit tests parse with it; net/stack.c
 * applies the result. Addresses are in host byte order, 0 for none. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define IPCONFIG_DNS 2            /* dns0-ip and dns1-ip */

struct ipconfig {
    bool dhcp;                    /* start DHCP on the first card */
    uint32_t addr, netmask, gateway;
    uint32_t dns[IPCONFIG_DNS];
    const char *error;            /* the first field ignored, and why; or NULL */
};

/* s: ip='s value, or NULL when the command line has none. */
void ipconfig_parse(const char *s, struct ipconfig *c);
