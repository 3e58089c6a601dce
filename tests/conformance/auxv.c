/* The auxiliary vector: getauxval and the raw vector after envp. */
#include "conf.h"
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

extern char _start[];
extern const ElfW(Ehdr) __ehdr_start;

int main(int argc, char **argv, char **envp)
{
    printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
    printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
    printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
    printf("AT_BASE (no interpreter): %lu\n", getauxval(AT_BASE));
    printf("AT_FLAGS: %lu\n", getauxval(AT_FLAGS));
    CHECK("AT_ENTRY is _start", getauxval(AT_ENTRY) == (unsigned long)_start);
    CHECK("AT_PHDR is the program headers",
          getauxval(AT_PHDR) == (unsigned long)&__ehdr_start + __ehdr_start.e_phoff);
    printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
    CHECK("AT_PHNUM == e_phnum", getauxval(AT_PHNUM) == __ehdr_start.e_phnum && getauxval(AT_PHNUM) > 0);
    CHECK("AT_UID == getuid", getauxval(AT_UID) == getuid());
    CHECK("AT_EUID == geteuid", getauxval(AT_EUID) == geteuid());
    CHECK("AT_GID == getgid", getauxval(AT_GID) == getgid());
    CHECK("AT_EGID == getegid", getauxval(AT_EGID) == getegid());
    /* AT_HWCAP's value differs between kernels (CPUID.1:EDX on older ones,
     * other bits on 6.x): only its presence is checked, below */
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM: %s\n", plat ? plat : "(none)");
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nz = 0;
    for (int i = 0; rnd && i < 16; i++)
        nz |= rnd[i];
    CHECK("AT_RANDOM points to 16 readable, not all zero bytes", rnd && nz);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    const char *slash = fn ? strrchr(fn, '/') : NULL;
    printf("AT_EXECFN basename: %s\n", fn ? (slash ? slash + 1 : fn) : "(none)");
    errno = 0;
    unsigned long none = getauxval(0x7fff);
    printf("unknown type: %lu (errno %s)\n", none, errname(errno));

    /* walk the raw vector: it follows envp's NULL and ends with AT_NULL */
    char **e = envp;
    while (*e)
        e++;
    ElfW(auxv_t) *av = (ElfW(auxv_t) *)(e + 1);
    int n = 0, ends = 0, pagesz_ok = 0, entry_ok = 0, random_ok = 0, dup = 0;
    int seen[64] = {0};
    for (; n < 100; n++, av++) {
        if (av->a_type == AT_NULL) {
            ends = 1;
            break;
        }
        if (av->a_type < 64) {
            if (seen[av->a_type])
                dup = 1;
            seen[av->a_type] = 1;
        }
        if (av->a_type == AT_PAGESZ && av->a_un.a_val == 4096)
            pagesz_ok = 1;
        if (av->a_type == AT_ENTRY && av->a_un.a_val == (unsigned long)_start)
            entry_ok = 1;
        if (av->a_type == AT_RANDOM && av->a_un.a_val == (unsigned long)rnd)
            random_ok = 1;
    }
    CHECK("raw auxv ends with AT_NULL", ends);
    CHECK("raw auxv has AT_PAGESZ 4096", pagesz_ok);
    CHECK("raw auxv AT_ENTRY matches", entry_ok);
    CHECK("raw auxv AT_RANDOM matches getauxval", random_ok);
    CHECK("no type appears twice", !dup);
    const int must[] = {AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_ENTRY, AT_UID, AT_EUID,
                        AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_EXECFN, AT_HWCAP, AT_CLKTCK, AT_PLATFORM};
    for (unsigned i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!seen[must[i]])
            printf("raw auxv lacks type %d\n", must[i]);
    printf("raw auxv has all required types\n");
    /* /proc/self/auxv is not required; the vector in memory is what counts */
    (void)argc;
    (void)argv;
    return 0;
}
