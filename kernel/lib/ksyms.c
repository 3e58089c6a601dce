#include "lib/ksyms.h"

struct ksym { uint64_t addr; const char *name; };
extern const struct { uint64_t count; struct ksym syms[]; } ksyms;
extern const char kernel_start[];
extern const char kernel_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = ksyms.count;
    if (hi == 0 || addr < ksyms.syms[0].addr || addr >= (uint64_t)kernel_end)
        return 0;
    while (hi - lo > 1) {          /* the last symbol at or below addr */
        uint64_t mid = (lo + hi) / 2;
        if (ksyms.syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksyms.syms[lo].addr;
    return ksyms.syms[lo].name;
}
