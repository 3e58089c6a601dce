#pragma once
#include <stdint.h>
/* The name of the kernel function containing addr and the offset into it,
 * or NULL. The table is generated at link time (tools/ksyms.sh). */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
