/* /proc/net/route in Linux's format (busybox route and many programs
 * parse it): its header, every line padded to 127 bytes, each route's
 * fields (hex addresses, flags with RTF_UP). Routes differ between the
 * host and eggos: only the format is printed. */
#include "conf.h"

int main(void)
{
    FILE *f = fopen("/proc/net/route", "r");
    CHECK("opens", f != NULL);
    if (!f)
        return 1;
    char line[512];
    int lines = 0, padded = 1, parsed = 1, up = 1;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        padded &= n == 128 && line[127] == '\n';
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
            line[--n] = 0;               /* the padding */
        if (lines++ == 0) {
            for (char *t = line; *t; t++)
                if (*t == '\t')
                    *t = '|';            /* tabs shown */
            printf("header: %s\n", line);
            continue;
        }
        char iface[32];
        unsigned dst, gw, flags, mask;
        int refcnt, use, metric, mtu, window, irtt;
        parsed &= sscanf(line, "%31s %X %X %X %d %d %d %X %d %d %d", iface, &dst, &gw, &flags, &refcnt, &use,
                         &metric, &mask, &mtu, &window, &irtt) == 11;
        up &= (flags & 1) != 0;
    }
    fclose(f);
    CHECK("every line 127 bytes and a newline", padded);
    CHECK("every route has its 11 fields", parsed);
    CHECK("every route is up", up);
    printf("done\n");
    return 0;
}
