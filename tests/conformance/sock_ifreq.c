/* The interface ioctls on a socket, for the loopback interface every
 * Linux has: SIOCGIFCONF lists it, SIOCGIFINDEX/SIOCGIFNAME (glibc's
 * if_nametoindex and if_indextoname), flags, address, netmask, MTU,
 * hardware type; ENODEV for a name that does not exist. */
#include "conf.h"
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq reqs[16];
    struct ifconf ic = { .ifc_len = sizeof reqs, .ifc_req = reqs };
    CHECK_RET("SIOCGIFCONF", ioctl(s, SIOCGIFCONF, &ic), 0);
    int lo = -1, n = ic.ifc_len / (int)sizeof(struct ifreq);
    for (int i = 0; i < n; i++)
        if (!strcmp(reqs[i].ifr_name, "lo"))
            lo = i;
    CHECK("whole entries", ic.ifc_len % (int)sizeof(struct ifreq) == 0 && n >= 1);
    CHECK("lo is listed with 127.0.0.1", lo >= 0 &&
          ((struct sockaddr_in *)&reqs[lo].ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct ifconf size = { .ifc_len = 0, .ifc_req = NULL };
    CHECK_RET("SIOCGIFCONF with no buffer", ioctl(s, SIOCGIFCONF, &size), 0);
    CHECK("tells the size", size.ifc_len == ic.ifc_len);

    CHECK_RET("if_nametoindex(lo)", if_nametoindex("lo"), 1);
    char name[IF_NAMESIZE];
    CHECK("if_indextoname(1)", if_indextoname(1, name) && !strcmp(name, "lo"));
    CHECK_ERRNO("if_nametoindex(nosuch0)", (long)if_nametoindex("nosuch0") - 1, ENODEV);

    struct ifreq r;
    memset(&r, 0, sizeof r);
    strcpy(r.ifr_name, "lo");
    CHECK_RET("SIOCGIFFLAGS", ioctl(s, SIOCGIFFLAGS, &r), 0);
    CHECK("up, running, loopback", (r.ifr_flags & (IFF_UP | IFF_RUNNING | IFF_LOOPBACK)) ==
          (IFF_UP | IFF_RUNNING | IFF_LOOPBACK) && !(r.ifr_flags & IFF_BROADCAST));
    CHECK_RET("SIOCGIFADDR", ioctl(s, SIOCGIFADDR, &r), 0);
    CHECK("127.0.0.1", ((struct sockaddr_in *)&r.ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
          r.ifr_addr.sa_family == AF_INET);
    CHECK_RET("SIOCGIFNETMASK", ioctl(s, SIOCGIFNETMASK, &r), 0);
    CHECK("255.0.0.0", ((struct sockaddr_in *)&r.ifr_netmask)->sin_addr.s_addr == htonl(0xff000000));
    CHECK_RET("SIOCGIFMTU", ioctl(s, SIOCGIFMTU, &r), 0);
    CHECK("a loopback MTU of 64 KiB", r.ifr_mtu == 65536);
    CHECK_RET("SIOCGIFHWADDR", ioctl(s, SIOCGIFHWADDR, &r), 0);
    CHECK("ARPHRD_LOOPBACK", r.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK);
    strcpy(r.ifr_name, "nosuch0");
    CHECK_ERRNO("SIOCGIFFLAGS nosuch0", ioctl(s, SIOCGIFFLAGS, &r), ENODEV);
    CHECK_SYSCALL_ERRNO("SIOCGIFFLAGS bad pointer", EFAULT, SYS_ioctl, s, SIOCGIFFLAGS, (void *)16);
    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    strcpy(r.ifr_name, "lo");
    CHECK_RET("an AF_UNIX socket answers too", ioctl(u, SIOCGIFINDEX, &r), 0);
    CHECK("index 1", r.ifr_ifindex == 1);
    close(u);
    close(s);
    printf("done\n");
    return 0;
}
