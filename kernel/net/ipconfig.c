/* Parsing ip= (see net/ipconfig.h), as Linux's ip_auto_config_setup and
 * ic_defaults do, with one difference: an address that is not four
 * decimal numbers up to 255 is reported in c->error and not used, where
 * Linux's in_aton would make something of it. */
#include "net/ipconfig.h"
#include "lib/string.h"

enum { F_CLIENT, F_SERVER, F_GATEWAY, F_NETMASK, F_HOSTNAME, F_DEVICE, F_AUTOCONF, F_DNS0, F_DNS1 };

/* The protocol words: 1 for DHCP, 0 for off/none, -1 for anything else. */
static int proto_name(const char *s, size_t n)
{
    static const char *const on[] = { "on", "any", "dhcp" };
    static const char *const off[] = { "off", "none" };
    for (unsigned i = 0; i < sizeof on / sizeof on[0]; i++)
        if (strlen(on[i]) == n && strncmp(s, on[i], n) == 0)
            return 1;
    for (unsigned i = 0; i < sizeof off / sizeof off[0]; i++)
        if (strlen(off[i]) == n && strncmp(s, off[i], n) == 0)
            return 0;
    return -1;
}

/* A dotted quad of n characters: true and *out, or false. */
static bool parse_addr(const char *s, size_t n, uint32_t *out)
{
    uint32_t a = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        unsigned v = 0, digits = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9' && digits < 4; i++, digits++)
            v = v * 10 + (unsigned)(s[i] - '0');
        if (digits == 0 || digits > 3 || v > 255)
            return false;
        a = a << 8 | v;
        parts++;
        if (parts < 4 && (i >= n || s[i++] != '.'))
            return false;
    }
    if (i != n)
        return false;
    *out = a;
    return true;
}

/* The class netmask Linux's ic_defaults gives an address without one;
 * 0 for class D and E, which have none. */
static uint32_t class_netmask(uint32_t a)
{
    if (!(a & 0x80000000u))
        return 0xff000000u;
    if ((a & 0xc0000000u) == 0x80000000u)
        return 0xffff0000u;
    if ((a & 0xe0000000u) == 0xc0000000u)
        return 0xffffff00u;
    return 0;
}

/* An address field: the address, 0 for 0.0.0.0 (Linux: not given), or
 * 0 and the error. */
static uint32_t addr_field(const char *s, size_t n, const char *what, struct ipconfig *c)
{
    uint32_t a;
    if (parse_addr(s, n, &a))
        return a;
    if (!c->error)
        c->error = what;
    return 0;
}

/* The autoconf field: whether DHCP may fill in; a word Linux does not
 * know turns it off, as there. */
static bool autoconf_field(const char *s, size_t n, struct ipconfig *c)
{
    int p = proto_name(s, n);
    if (p < 0 && !c->error)
        c->error = "autoconf is not on, any, dhcp, off or none";
    return p == 1;
}

void ipconfig_parse(const char *s, struct ipconfig *c)
{
    *c = (struct ipconfig){ .dhcp = true };
    if (!s)
        return;
    int proto = proto_name(s, strlen(s));
    if (proto >= 0 || !*s) {
        c->dhcp = proto == 1;
        return;
    }
    bool autoconf = true;
    for (int field = 0; *s; field++) {
        const char *end = strchr(s, ':');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n > 0) {
            switch (field) {
            case F_CLIENT: c->addr = addr_field(s, n, "client-ip is not an IPv4 address", c); break;
            case F_GATEWAY: c->gateway = addr_field(s, n, "gw-ip is not an IPv4 address", c); break;
            case F_NETMASK: c->netmask = addr_field(s, n, "netmask is not an IPv4 address", c); break;
            case F_AUTOCONF: autoconf = autoconf_field(s, n, c); break;
            case F_DNS0: c->dns[0] = addr_field(s, n, "dns0-ip is not an IPv4 address", c); break;
            case F_DNS1: c->dns[1] = addr_field(s, n, "dns1-ip is not an IPv4 address", c); break;
            default: break;   /* server, hostname, device, ntp: not used */
            }
        }
        s += n + (end != NULL);
    }
    c->dhcp = !c->addr && autoconf;
    if (c->addr && !c->netmask) {
        c->netmask = class_netmask(c->addr);
        if (!c->netmask && !c->error)
            c->error = "no netmask given, and the client address has no class to take one from";
    }
    if (c->addr && !c->netmask)
        c->addr = c->gateway = 0;
}
