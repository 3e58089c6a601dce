/* The initial stack as Linux builds it: alignment, argc, contiguous strings,
 * execfn at the top, AT_RANDOM below the strings, growth on demand. */
#include "conf.h"
#include <sys/auxv.h>

static int in_stack(unsigned long a, unsigned long *lo, unsigned long *hi, char *perms)
{
    char *maps = conf_read_all("/proc/self/maps", NULL);
    int found = 0;
    for (char *l = maps; l && *l;) {
        unsigned long s, e;
        char p[8];
        if (sscanf(l, "%lx-%lx %4s", &s, &e, p) == 3 && strstr(l, "[stack]") && a >= s && a < e) {
            found = 1;
            *lo = s;
            *hi = e;
            strcpy(perms, p);
        }
        char *nl = strchr(l, '\n');
        if (!nl)
            break;
        l = nl + 1;
    }
    free(maps);
    return found;
}

static long deep(int n, volatile char *prev)
{
    volatile char buf[4096];
    buf[0] = (char)n;
    buf[4095] = prev ? prev[0] : 0;
    if (n == 0)
        return (long)(uintptr_t)buf;
    return deep(n - 1, buf) + (buf[0] & 0);
}

int main(int argc, char **argv, char **envp)
{
    CHECK("argv is 8 mod 16 (entry rsp 16-byte aligned, pointing at argc)", ((uintptr_t)argv & 15) == 8);
    CHECK("argc stored just below argv", ((long *)argv)[-1] == argc);
    CHECK("main's frame is 16-byte aligned", ((uintptr_t)__builtin_frame_address(0) & 15) == 0);

    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++)
        if (argv[i + 1] != argv[i] + strlen(argv[i]) + 1)
            contiguous = 0;
    CHECK("argv strings contiguous", contiguous);
    char *last_arg_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    CHECK("env strings follow argv strings", envp[0] == last_arg_end);
    int envc = 0;
    contiguous = 1;
    for (; envp[envc]; envc++)
        if (envp[envc + 1] && envp[envc + 1] != envp[envc] + strlen(envp[envc]) + 1)
            contiguous = 0;
    CHECK("env strings contiguous", contiguous);
    char *env_end = envp[envc - 1] + strlen(envp[envc - 1]) + 1;
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    CHECK("AT_EXECFN string follows the env strings", execfn == env_end);
    CHECK("pointer arrays below the strings", (char *)(envp + envc) < argv[0]);
    const char *rnd = (const char *)getauxval(AT_RANDOM);
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    CHECK("AT_RANDOM bytes between the vectors and the strings", rnd > (char *)(envp + envc) && rnd + 16 <= argv[0]);
    CHECK("AT_PLATFORM string between the vectors and the strings", plat > (char *)(envp + envc) && plat < argv[0]);

    unsigned long lo = 0, hi = 0;
    char perms[8] = "";
    CHECK("argv inside [stack]", in_stack((unsigned long)argv, &lo, &hi, perms));
    printf("[stack] perms: %s\n", perms);
    CHECK("execfn inside [stack]", (unsigned long)execfn >= lo && (unsigned long)execfn < hi);
    CHECK("top of stack within 2 pages above execfn", hi - ((unsigned long)execfn + strlen(execfn) + 1) < 8192);
    char local;
    CHECK("locals inside [stack]", (unsigned long)&local >= lo && (unsigned long)&local < hi);

    /* the stack grows on demand: 4 MiB of frames (limit is 8 MiB) */
    unsigned long bottom = (unsigned long)deep(1024, NULL);
    CHECK("4 MiB of stack usable", bottom < (unsigned long)&local - 4000000);
    unsigned long lo2 = 0, hi2 = 0;
    CHECK("[stack] grew to cover it", in_stack(bottom, &lo2, &hi2, perms) && hi2 == hi);
    return 0;
}
