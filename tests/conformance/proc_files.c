/* /proc/self/stat, /proc/cpuinfo, /proc/meminfo, /proc/stat: formats. */
#include "conf.h"
#include <ctype.h>
#include <stdbool.h>

static int has_line_prefix(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *l = text; l && *l;) {
        if (!strncmp(l, prefix, n))
            return 1;
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return 0;
}

static long meminfo(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    long v = -1;
    char unit[8] = "";
    if (p && sscanf(p + strlen(key), " %ld %7s", &v, unit) == 2 && !strcmp(unit, "kB"))
        return v;
    return -1;
}

int main(void)
{
    /* /proc/self/stat: "pid (comm) S ppid ..." */
    char *st = conf_read_all("/proc/self/stat", NULL);
    CHECK("read /proc/self/stat", st != NULL);
    if (st) {
        int pid = -1;
        sscanf(st, "%d", &pid);
        CHECK("pid field == getpid", pid == getpid());
        char *open_paren = strchr(st, '('), *close_paren = strrchr(st, ')');
        if (open_paren && close_paren)
            printf("comm: %.*s\n", (int)(close_paren - open_paren - 1), open_paren + 1);
        char state = 0;
        int ppid = -1;
        sscanf(close_paren + 1, " %c %d", &state, &ppid);
        printf("state: %c\n", state);
        CHECK("ppid field == getppid", ppid == getppid());
        int fields = 2;
        for (char *p = close_paren + 1; *p; p++)
            if (*p == ' ')
                fields++;
        CHECK("at least 44 fields", fields >= 44);
        CHECK("ends with newline", st[strlen(st) - 1] == '\n');
        /* field 20 (num_threads) and 22 (starttime), field 23 (vsize) */
        char *p = close_paren + 2;
        unsigned long long f[60] = {0};
        int k = 3;
        while (k < 60 && *p) {
            if (k > 3)
                f[k] = strtoull(p, NULL, 10);
            p = strchr(p, ' ');
            if (!p)
                break;
            p++;
            k++;
        }
        printf("num_threads: %llu\n", f[20]);
        CHECK("vsize > 0", f[23] > 0);
        CHECK("rss > 0", f[24] > 0);
        free(st);
    }

    char *ci = conf_read_all("/proc/cpuinfo", NULL);
    CHECK("read /proc/cpuinfo", ci != NULL);
    CHECK("cpuinfo starts with 'processor\\t: 0'", ci && !strncmp(ci, "processor\t: 0\n", 14));
    CHECK("cpuinfo has vendor_id", has_line_prefix(ci, "vendor_id\t: "));
    CHECK("cpuinfo has model name", has_line_prefix(ci, "model name\t: "));
    CHECK("cpuinfo has flags", has_line_prefix(ci, "flags\t\t: "));
    CHECK("cpuinfo flags include fpu and sse2", ci && strstr(ci, " fpu ") && strstr(ci, " sse2"));
    int procs = 0;
    for (const char *l = ci; l && *l;) {
        if (!strncmp(l, "processor\t: ", 12))
            procs++;
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    CHECK("one processor entry per online CPU", procs == sysconf(_SC_NPROCESSORS_ONLN));
    free(ci);

    char *mi = conf_read_all("/proc/meminfo", NULL);
    CHECK("read /proc/meminfo", mi != NULL);
    CHECK("meminfo starts with MemTotal:", mi && !strncmp(mi, "MemTotal:", 9));
    long total = mi ? meminfo(mi, "MemTotal:") : -1, freem = mi ? meminfo(mi, "MemFree:") : -1,
         avail = mi ? meminfo(mi, "MemAvailable:") : -1;
    CHECK("MemTotal, MemFree, MemAvailable in kB", total > 0 && freem >= 0 && avail >= 0);
    CHECK("MemFree <= MemTotal", freem <= total);
    /* Linux: a 16-column label, the number right-aligned in 8 columns (or
     * wider), then " kB" */
    CHECK("MemTotal line format", mi && ({
              char *nl = strchr(mi, '\n');
              bool ok = nl && nl - mi >= 27 && !strncmp(mi + 9, "       ", 7) && !strncmp(nl - 3, " kB", 3);
              const char *f = mi + 16;
              while (ok && f < nl - 3 && *f == ' ')
                  f++;
              ok = ok && f < nl - 3;
              for (; ok && f < nl - 3; f++)
                  ok = isdigit((unsigned char)*f);
              ok;
          }));
    free(mi);

    char *ps = conf_read_all("/proc/stat", NULL);
    CHECK("read /proc/stat", ps != NULL);
    CHECK("first line starts with 'cpu  '", ps && !strncmp(ps, "cpu  ", 5));
    unsigned long long v[10];
    CHECK("cpu line has 10 counters", ps && sscanf(ps + 5, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
                                                   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 10);
    CHECK("has cpu0 line", has_line_prefix(ps, "cpu0 "));
    CHECK("has btime line", has_line_prefix(ps, "btime "));
    CHECK("has ctxt line", has_line_prefix(ps, "ctxt "));
    CHECK("has processes line", has_line_prefix(ps, "processes "));
    CHECK("has procs_running line", has_line_prefix(ps, "procs_running "));
    free(ps);
    return 0;
}
