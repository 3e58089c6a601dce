/* The vDSO: AT_SYSINFO_EHDR points at a shared object mapped [vdso]
 * above a readable [vvar], exporting Linux's five x86-64 functions at
 * version LINUX_2.6, whose clocks agree with the system calls'. */
#include "conf.h"
#include <elf.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>

typedef long (*vfn)();

static const Elf64_Ehdr *eh;

/* The dynamic symbol name@version of the vDSO, found as glibc finds it
 * (through PT_DYNAMIC; the image is not relocated, so d_ptr values are
 * offsets from its base). */
static vfn vdso_sym(const char *name)
{
    const char *base = (const char *)eh;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    const Elf64_Dyn *dyn = NULL;
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_DYNAMIC)
            dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
    const Elf64_Sym *sym = NULL;
    const char *str = NULL;
    const Elf64_Word *hash = NULL;
    const Elf64_Versym *ver = NULL;
    const Elf64_Verdef *vd = NULL;
    for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_SYMTAB: sym = (const void *)(base + dyn->d_un.d_ptr); break;
        case DT_STRTAB: str = base + dyn->d_un.d_ptr; break;
        case DT_HASH: hash = (const void *)(base + dyn->d_un.d_ptr); break;
        case DT_VERSYM: ver = (const void *)(base + dyn->d_un.d_ptr); break;
        case DT_VERDEF: vd = (const void *)(base + dyn->d_un.d_ptr); break;
        }
    }
    if (!sym || !str || !hash || !ver || !vd)
        return NULL;
    for (Elf64_Word i = 0; i < hash[1]; i++) {
        if (strcmp(str + sym[i].st_name, name) || sym[i].st_shndx == SHN_UNDEF)
            continue;
        const Elf64_Verdef *d = vd;
        for (;;) {
            if (d->vd_ndx == (ver[i] & 0x7fff)) {
                const Elf64_Verdaux *a = (const void *)((const char *)d + d->vd_aux);
                if (strcmp(str + a->vda_name, "LINUX_2.6") == 0)
                    return (vfn)(base + sym[i].st_value);
            }
            if (!d->vd_next)
                break;
            d = (const void *)((const char *)d + d->vd_next);
        }
    }
    return NULL;
}

/* The maps line named name: its start, end and permissions. */
static int find_map(const char *name, unsigned long *s, unsigned long *e, char perms[8])
{
    char *maps = conf_read_all("/proc/self/maps", NULL);
    int found = 0;
    for (char *line = maps; line && *line && !found;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        int used = 0;
        if (sscanf(line, "%lx-%lx %4s %*x %*x:%*x %*u%n", s, e, perms, &used) >= 3 && used) {
            const char *n = line + used;
            while (*n == ' ')
                n++;
            found = strcmp(n, name) == 0;
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
    free(maps);
    return found;
}

static long ns(struct timespec t) { return t.tv_sec * 1000000000L + t.tv_nsec; }

int main(void)
{
    eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    CHECK("AT_SYSINFO_EHDR is there", eh != NULL);
    if (!eh)
        return 1;
    CHECK("it points at a 64-bit ELF shared object",
          memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
          eh->e_type == ET_DYN);

    unsigned long s, e, vs, ve;
    char perms[8], vperms[8];
    int have = find_map("[vdso]", &s, &e, perms);
    CHECK("[vdso] in /proc/self/maps", have);
    if (have) {
        CHECK("[vdso] starts at AT_SYSINFO_EHDR", s == (unsigned long)eh);
        printf("[vdso] permissions: %s\n", perms);
    }
    have = find_map("[vvar]", &vs, &ve, vperms);
    CHECK("[vvar] in /proc/self/maps", have);
    if (have) {
        CHECK("[vvar] lies below [vdso]", ve <= s);
        printf("[vvar] permissions: %s\n", vperms);
    }

    const char *names[] = {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
                           "__vdso_getcpu", "__vdso_clock_getres"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        printf("exports %s@LINUX_2.6: %s\n", names[i], vdso_sym(names[i]) ? "yes" : "no");
    vfn cg = vdso_sym("__vdso_clock_gettime"), gtod = vdso_sym("__vdso_gettimeofday");
    vfn tm = vdso_sym("__vdso_time"), gc = vdso_sym("__vdso_getcpu");
    vfn res = vdso_sym("__vdso_clock_getres");
    if (!cg || !gtod || !tm || !gc || !res)
        return 1;

    /* The vDSO's clock and the system call's are one clock. */
    struct timespec a, b, c, wall;
    for (int i = 0; i < 3; i++) {
        cg(CLOCK_MONOTONIC, &a);
        syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
        cg(CLOCK_MONOTONIC, &c);
        CHECK("monotonic: vDSO <= syscall <= vDSO", ns(a) <= ns(b) && ns(b) <= ns(c));
    }
    cg(CLOCK_REALTIME, &a);
    syscall(SYS_clock_gettime, CLOCK_REALTIME, &wall);
    CHECK("realtime: vDSO and syscall within 1 s", labs(ns(wall) - ns(a)) < 1000000000L);
    CHECK("boottime: vDSO >= monotonic", cg(CLOCK_BOOTTIME, &b) == 0 && ns(b) >= ns(c));
    CHECK("coarse monotonic within 100 ms of monotonic",
          cg(CLOCK_MONOTONIC_COARSE, &a) == 0 && labs(ns(a) - ns(c)) < 100000000L);
    CHECK("process CPU time through the vDSO", cg(CLOCK_PROCESS_CPUTIME_ID, &a) == 0 && ns(a) > 0);
    printf("unknown clock: %ld\n", cg(1234, &a));
    printf("bad clock id -1: %ld\n", cg(-1, &a));

    struct timeval tv;
    long t0 = tm(NULL), t1 = 0;
    CHECK("gettimeofday returns 0", gtod(&tv, NULL) == 0);
    CHECK("time(&t) returns t", tm(&t1) == t1);
    CHECK("time, gettimeofday and the realtime clock agree within 2 s",
          labs(tv.tv_sec - t0) <= 2 && labs(t1 - wall.tv_sec) <= 2);
    struct { int minuteswest, dsttime; } tz = {-1, -1};
    CHECK("gettimeofday fills a timezone", gtod(&tv, &tz) == 0 && tz.minuteswest == 0 && tz.dsttime == 0);

    unsigned cpu = 99, node = 99;
    CHECK("getcpu returns 0", gc(&cpu, &node, NULL) == 0);
    CHECK("getcpu: a CPU this process may use, node 0", cpu < (unsigned)sysconf(_SC_NPROCESSORS_CONF) && node == 0);
    CHECK("getcpu accepts NULLs", gc(NULL, NULL, NULL) == 0);

    CHECK("monotonic resolution 1 ns", res(CLOCK_MONOTONIC, &a) == 0 && ns(a) == 1);
    CHECK("coarse resolution a tick of at most 10 ms",
          res(CLOCK_MONOTONIC_COARSE, &a) == 0 && ns(a) > 1 && ns(a) <= 10000000L);
    printf("getres of an unknown clock: %ld\n", res(1234, &a));
    printf("getres with NULL: %ld\n", res(CLOCK_REALTIME, NULL));
    return 0;
}
