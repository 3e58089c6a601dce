/* sysinfo, sched_getaffinity, /sys/devices/system/cpu/{online,possible}, sysconf. */
#include "conf.h"
#include <ctype.h>
#include <sched.h>
#include <sys/sysinfo.h>

/* parse a Linux cpu list like "0-3,5\n"; returns the count or -1 */
static int cpulist(const char *s, unsigned char *set)
{
    int count = 0;
    const char *p = s;
    for (;;) {
        if (!isdigit((unsigned char)*p))
            return -1;
        long a = strtol(p, (char **)&p, 10), b = a;
        if (*p == '-') {
            p++;
            if (!isdigit((unsigned char)*p))
                return -1;
            b = strtol(p, (char **)&p, 10);
        }
        if (b < a || b >= 4096)
            return -1;
        for (long i = a; i <= b; i++) {
            set[i] = 1;
            count++;
        }
        if (*p == ',') {
            p++;
            continue;
        }
        return (p[0] == '\n' && p[1] == 0) ? count : -1;
    }
}

int main(void)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    CHECK_RET("sysinfo", sysinfo(&si), 0);
    CHECK("totalram > 0", si.totalram > 0);
    CHECK("mem_unit >= 1", si.mem_unit >= 1);
    CHECK("freeram <= totalram", si.freeram <= si.totalram);
    CHECK("total RAM >= 16 MiB", (unsigned long long)si.totalram * si.mem_unit >= (16ULL << 20));
    CHECK("procs >= 1", si.procs >= 1);
    CHECK("uptime >= 0", si.uptime >= 0);
    CHECK("sysconf pages consistent", sysconf(_SC_PHYS_PAGES) > 0 && sysconf(_SC_PAGESIZE) == 4096);

    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK_RET("sched_getaffinity", sched_getaffinity(0, sizeof set, &set), 0);
    int n = CPU_COUNT(&set);
    CHECK("at least one CPU in the mask", n >= 1);
    long raw = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    CHECK("raw call returns a positive byte count, multiple of 8", raw > 0 && raw % 8 == 0 && raw <= (long)sizeof set);
    CHECK_SYSCALL_ERRNO("raw with length not a multiple of 8", EINVAL, SYS_sched_getaffinity, 0, 7, &set);
    CHECK_RET("own pid", sched_getaffinity(getpid(), sizeof set, &set), 0);

    char *online = conf_read_all("/sys/devices/system/cpu/online", NULL);
    char *possible = conf_read_all("/sys/devices/system/cpu/possible", NULL);
    static unsigned char on[4096], pos[4096];
    int non = online ? cpulist(online, on) : -1;
    int npos = possible ? cpulist(possible, pos) : -1;
    CHECK("online is a cpu list", non > 0);
    CHECK("possible is a cpu list", npos > 0);
    int subset = 1;
    for (int i = 0; i < 4096; i++)
        if (on[i] && !pos[i])
            subset = 0;
    CHECK("online within possible", subset);
    CHECK("cpu 0 online", on[0]);
    CHECK("sysconf(_SC_NPROCESSORS_ONLN) == online count", sysconf(_SC_NPROCESSORS_ONLN) == non);
    CHECK("get_nprocs == online count", get_nprocs() == non);
    CHECK("affinity mask within online", ({ int ok = 1; for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &set) && !on[i]) ok = 0; ok; }));
    /* small reads of a sysfs file give the same text */
    int fd = open("/sys/devices/system/cpu/online", O_RDONLY);
    char byone[64] = {0};
    int len = 0;
    while (len < 63 && read(fd, byone + len, 1) == 1)
        len++;
    close(fd);
    CHECK("1-byte reads give the same text", online && strcmp(byone, online) == 0);
    return 0;
}
