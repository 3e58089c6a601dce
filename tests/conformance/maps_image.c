/* The loaded image of this static non-PIE executable in /proc/self/maps:
 * fixed addresses, so every line below the end of .bss is printed in full
 * (except device and inode, and the path's directory). */
#include "conf.h"

extern char end[];
static char bss_probe[3 * 4096];
static int data_probe = 42;

int main(void)
{
    unsigned long lim = ((unsigned long)end + 4095) & ~4095UL;
    char *maps = conf_read_all("/proc/self/maps", NULL);
    for (char *l = maps; l && *l;) {
        char *nl = strchr(l, '\n');
        if (nl)
            *nl = 0;
        unsigned long s, e, off;
        char perms[8];
        int used = 0;
        if (sscanf(l, "%lx-%lx %4s %lx %*x:%*x %*u%n", &s, &e, perms, &off, &used) == 4 && s < lim) {
            const char *name = l + used;
            while (*name == ' ')
                name++;
            const char *slash = strrchr(name, '/');
            printf("%08lx-%08lx %s %08lx %s\n", s, e, perms, off, slash ? slash + 1 : *name ? name : "(anonymous)");
        }
        if (!nl)
            break;
        l = nl + 1;
    }
    free(maps);
    int zero = 1;
    for (unsigned i = 0; i < sizeof bss_probe; i++)
        if (bss_probe[i])
            zero = 0;
    CHECK(".bss is zero", zero);
    CHECK(".data initialised", data_probe == 42);
    bss_probe[sizeof bss_probe - 1] = 1;
    data_probe++;
    CHECK(".bss and .data writable", bss_probe[sizeof bss_probe - 1] == 1 && data_probe == 43);
    return 0;
}
