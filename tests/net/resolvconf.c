/* For NetworkTest: where the guest's resolver looks for DNS servers,
 * /etc/resolv.conf (a link to the kernel's /proc/net/pnp), and what it
 * says: the servers DHCP gave. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char target[256];
    ssize_t n = readlink("/etc/resolv.conf", target, sizeof target - 1);
    target[n > 0 ? n : 0] = '\0';
    printf("/etc/resolv.conf -> %s\n", target);
    FILE *f = fopen("/etc/resolv.conf", "r");
    if (!f) {
        perror("/etc/resolv.conf");
        return 1;
    }
    char line[256];
    while (fgets(line, sizeof line, f))
        fputs(line, stdout);
    return 0;
}
