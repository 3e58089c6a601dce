/* The interface ioctls every socket answers (SIOCGIFCONF, SIOCGIFFLAGS,
 * SIOCGIFADDR...), as Linux's dev_ioctl: how glibc's if_nametoindex and
 * the JDK's NetworkInterface see the interfaces, under Linux's names
 * (net/iface.c). Read-only: the SIOCS* calls that would change an
 * interface answer EPERM. */
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "net/iface.h"
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
    /* Interfaces with an address, in index order as Linux's
     * inet_gifconf. Collected under the lock, copied out after. */
    struct netif *ifs[8];
    struct ifreq reqs[ARRAY_SIZE(ifs)];
    int n = 0;
    uint64_t f = net_lock();
    int count = iface_list(ifs, (int)ARRAY_SIZE(ifs));
    for (int i = 0; i < count; i++) {
        if (ip4_addr_isany_val(*netif_ip4_addr(ifs[i])))
            continue;
        memset(&reqs[n], 0, sizeof reqs[n]);
        iface_name(ifs[i], reqs[n].name);
        set_addr(&reqs[n], netif_ip4_addr(ifs[i]));
        n++;
    }
    net_unlock(f);
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
        if ((n = iface_by_index(r.ivalue)))
            iface_name(n, r.name);
        else
            err = -ENODEV;
    } else if (!(n = iface_by_name(r.name))) {
        err = -ENODEV;
    } else {
        switch (cmd) {
        case SIOCGIFFLAGS:
            r.flags = (short)iface_flags(n);   /* Linux too cuts them to 16 bits */
            break;
        case SIOCGIFADDR:
        case SIOCGIFNETMASK:
        case SIOCGIFBRDADDR:
        case SIOCGIFDSTADDR: {
            if (ip4_addr_isany_val(*netif_ip4_addr(n))) {
                err = -EADDRNOTAVAIL;
                break;
            }
            ip4_addr_t b;
            ip4_addr_set_u32(&b, iface_broadcast(n));
            set_addr(&r, cmd == SIOCGIFNETMASK ? netif_ip4_netmask(n)
                         : cmd == SIOCGIFBRDADDR ? &b : netif_ip4_addr(n));
            break;
        }
        case SIOCGIFMETRIC:
            r.ivalue = 0;
            break;
        case SIOCGIFMTU:
            r.ivalue = (int)iface_mtu(n);
            break;
        case SIOCGIFHWADDR:
            memset(&r.hwaddr, 0, sizeof r.hwaddr);
            r.hwaddr.family = (uint16_t)iface_type(n);
            if (!iface_is_loopback(n))
                memcpy(r.hwaddr.data, n->hwaddr, 6);
            break;
        case SIOCGIFINDEX:
            r.ivalue = iface_index(n);
            break;
        case SIOCGIFTXQLEN:
            r.ivalue = IFACE_TXQLEN;
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
