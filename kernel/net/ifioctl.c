/* The interface ioctls every socket answers (SIOCGIFCONF, SIOCGIFFLAGS,
 * SIOCGIFADDR...), as Linux's dev_ioctl: how glibc's if_nametoindex and
 * the JDK's NetworkInterface see the interfaces. The names are Linux's:
 * lwIP's loopback is "lo" (index 1), the network cards "eth0", "eth1"...
 * in the order they were registered. Read-only: the SIOCS* calls that
 * would change an interface answer EPERM. */
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "net/socket.h"
#include "net/stack.h"

#include "lwip/netif.h"

#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMETRIC 0x891d
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define SIOCGIFTXQLEN 0x8942

#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define IFNAMSIZ 16

struct ifreq {
    char name[IFNAMSIZ];
    union {
        struct sockaddr_in addr;
        struct { uint16_t family; uint8_t data[14]; } hwaddr;
        short flags;
        int ivalue;
        char newname[IFNAMSIZ];
        char pad[24];
    };
};

struct ifconf {
    int len;
    int pad;
    struct ifreq __user *req;
};

static bool is_loop(const struct netif *n) { return n->name[0] == 'l' && n->name[1] == 'o'; }

/* Linux's name for n (net_lock held). */
static void if_name(const struct netif *n, char *buf)
{
    if (is_loop(n)) {
        strlcpy(buf, "lo", IFNAMSIZ);
        return;
    }
    int k = 0;
    const struct netif *o;
    NETIF_FOREACH(o) {
        if (!is_loop(o) && o->num < n->num)
            k++;
    }
    ksnprintf(buf, IFNAMSIZ, "eth%d", k);
}

static int if_index(const struct netif *n) { return netif_get_index((struct netif *)n); }

static struct netif *find(const char *name)
{
    struct netif *n;
    char buf[IFNAMSIZ];
    NETIF_FOREACH(n) {
        if_name(n, buf);
        if (strcmp(buf, name) == 0)
            return n;
    }
    return NULL;
}

static void set_addr(struct ifreq *r, const ip4_addr_t *a)
{
    memset(&r->addr, 0, sizeof r->addr);
    r->addr.sin_family = AF_INET;
    r->addr.sin_addr = ip4_addr_get_u32(a);
}

static long ifconf(struct ifconf __user *uc)
{
    struct ifconf c;
    if (copy_from_user(&c, uc, sizeof c))
        return -EFAULT;
    /* Interfaces with an address, as Linux's inet_gifconf. Collected
     * under the lock, copied out after. */
    struct ifreq reqs[8];
    int n = 0;
    uint64_t f = net_lock();
    struct netif *nif;
    NETIF_FOREACH(nif) {
        if (n == (int)ARRAY_SIZE(reqs) || ip4_addr_isany_val(*netif_ip4_addr(nif)))
            continue;
        memset(&reqs[n], 0, sizeof reqs[n]);
        if_name(nif, reqs[n].name);
        set_addr(&reqs[n], netif_ip4_addr(nif));
        n++;
    }
    net_unlock(f);
    /* lwIP lists the newest interface first; Linux lists by index. */
    for (int i = 0; i < n / 2; i++) {
        struct ifreq t = reqs[i];
        reqs[i] = reqs[n - 1 - i];
        reqs[n - 1 - i] = t;
    }
    int len;
    if (!c.req) {
        len = n * (int)sizeof(struct ifreq);      /* a NULL buffer asks for the size */
    } else {
        int fit = c.len < 0 ? 0 : MIN(n, c.len / (int)sizeof(struct ifreq));
        if (fit && copy_to_user(c.req, reqs, (size_t)fit * sizeof(struct ifreq)))
            return -EFAULT;
        len = fit * (int)sizeof(struct ifreq);
    }
    return put_user(len, &uc->len);
}

long net_ifioctl(unsigned cmd, unsigned long arg)
{
    if (cmd == SIOCGIFCONF)
        return ifconf((struct ifconf __user *)arg);
    if (cmd < 0x8910 || cmd > 0x89ff)
        return -ENOTTY;
    struct ifreq r;
    struct ifreq __user *ur = (struct ifreq __user *)arg;
    if (copy_from_user(&r, ur, sizeof r))
        return -EFAULT;
    r.name[IFNAMSIZ - 1] = 0;
    long err = 0;
    uint64_t f = net_lock();
    struct netif *n = NULL;
    if (cmd == SIOCGIFNAME) {
        NETIF_FOREACH(n) {
            if (if_index(n) == r.ivalue)
                break;
        }
        if (n)
            if_name(n, r.name);
        else
            err = -ENODEV;
    } else if (!(n = find(r.name))) {
        err = -ENODEV;
    } else {
        bool loop = is_loop(n);
        switch (cmd) {
        case SIOCGIFFLAGS:
            r.flags = (short)((netif_is_up(n) ? IFF_UP | IFF_RUNNING : 0) |
                              (loop ? IFF_LOOPBACK : IFF_BROADCAST | IFF_MULTICAST));
            break;
        case SIOCGIFADDR:
        case SIOCGIFNETMASK:
        case SIOCGIFBRDADDR:
        case SIOCGIFDSTADDR: {
            if (ip4_addr_isany_val(*netif_ip4_addr(n))) {
                err = -EADDRNOTAVAIL;
                break;
            }
            ip4_addr_t a = *netif_ip4_addr(n), m = *netif_ip4_netmask(n), b;
            /* The broadcast address; loopback has none (0.0.0.0). */
            ip4_addr_set_u32(&b, loop ? 0 : ip4_addr_get_u32(&a) | ~ip4_addr_get_u32(&m));
            set_addr(&r, cmd == SIOCGIFNETMASK ? &m : cmd == SIOCGIFBRDADDR ? &b : &a);
            break;
        }
        case SIOCGIFMETRIC:
            r.ivalue = 0;
            break;
        case SIOCGIFMTU:
            r.ivalue = loop ? 65536 : n->mtu;
            break;
        case SIOCGIFHWADDR:
            memset(&r.hwaddr, 0, sizeof r.hwaddr);
            r.hwaddr.family = loop ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
            if (!loop)
                memcpy(r.hwaddr.data, n->hwaddr, 6);
            break;
        case SIOCGIFINDEX:
            r.ivalue = if_index(n);
            break;
        case SIOCGIFTXQLEN:
            r.ivalue = 1000;
            break;
        default:
            /* Linux's setters (SIOCSIF*) have even numbers: interfaces
             * cannot be changed here. */
            err = cmd % 2 == 0 ? -EPERM : -ENOTTY;
        }
    }
    net_unlock(f);
    if (err)
        return err;
    return copy_to_user(ur, &r, sizeof r) ? -EFAULT : 0;
}
