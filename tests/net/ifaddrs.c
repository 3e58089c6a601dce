/* For NetworkTest: the guest's interfaces as glibc's getifaddrs and
 * if_nameindex see them (both ask the kernel over NETLINK_ROUTE), with
 * each one's MTU (SIOCGIFMTU): names, flags, MAC, addresses. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define IFF_LOWER_UP 0x10000     /* linux/if.h's, which clashes with net/if.h */

static void print_flags(unsigned f)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        { IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_LOOPBACK, "LOOPBACK" },
        { IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_RUNNING, "RUNNING" }, { IFF_NOARP, "NOARP" },
        { IFF_MULTICAST, "MULTICAST" }, { IFF_LOWER_UP, "LOWER_UP" },
    };
    const char *sep = "";
    printf(" flags=");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (f & names[i].bit) {
            printf("%s%s", sep, names[i].name);
            sep = ",";
            f &= ~names[i].bit;
        }
    }
    if (f)
        printf("%s%#x", sep, f);
}

static void print_inet(const char *label, const struct sockaddr *a)
{
    if (a)
        printf(" %s %s", label, inet_ntoa(((const struct sockaddr_in *)a)->sin_addr));
}

int main(void)
{
    struct ifaddrs *all;
    if (getifaddrs(&all)) {
        perror("getifaddrs");
        return 1;
    }
    for (struct ifaddrs *i = all; i; i = i->ifa_next) {
        int family = i->ifa_addr ? i->ifa_addr->sa_family : -1;
        printf("%s", i->ifa_name);
        if (family == AF_PACKET) {
            const struct sockaddr_ll *ll = (const struct sockaddr_ll *)i->ifa_addr;
            printf(" packet");
            print_flags(i->ifa_flags);
            printf(" mac=");
            for (int k = 0; k < ll->sll_halen; k++)
                printf("%s%02x", k ? ":" : "", ll->sll_addr[k]);
        } else if (family == AF_INET) {
            print_inet("inet", i->ifa_addr);
            print_inet("netmask", i->ifa_netmask);
            if (i->ifa_flags & IFF_BROADCAST)
                print_inet("broadcast", i->ifa_broadaddr);
        } else {
            printf(" family %d", family);
        }
        printf("\n");
    }
    freeifaddrs(all);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct if_nameindex *ni = if_nameindex();
    for (struct if_nameindex *n = ni; n && n->if_index; n++) {
        struct ifreq r;
        memset(&r, 0, sizeof r);
        strncpy(r.ifr_name, n->if_name, IFNAMSIZ - 1);
        int mtu = ioctl(s, SIOCGIFMTU, &r) == 0 ? r.ifr_mtu : -1;
        printf("index %u %s mtu %d\n", n->if_index, n->if_name, mtu);
    }
    if_freenameindex(ni);
    close(s);
    return 0;
}
