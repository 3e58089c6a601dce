/* The vDSO (vdso/): user-mode code for the clock calls, built as a shared
 * object and carried in the kernel image, and the [vvar] page of clock
 * parameters it reads. exec maps both into every new address space. */
#pragma once
#include <stdint.h>
#include "vdso/vdso_data.h"

struct mm;

/* The [vvar] page's data: the clock fills it at boot. */
struct vdso_data *vdso_data(void);
/* Maps [vvar] and, above it, [vdso] into mm where mmap would: the vDSO's
 * address (for AT_SYSINFO_EHDR), or -errno. */
long vdso_map(struct mm *mm);
/* The physical page at offset off of that mapping ([vvar] at 0, then the
 * code), or 0 beyond its end. */
uint64_t vdso_page(uint64_t off);
