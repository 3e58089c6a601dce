/* The vDSO's two parts in kernel memory, and their mapping. Both are
 * whole pages of their own, since user mode sees every byte of a page it
 * maps: the [vvar] page here, the code's pages in vdso_image.S. They are
 * mapped as device pages are (VMA_PFNMAP): never the page allocator's,
 * never writable, shared by every process. */
#include "mm/vdso.h"
#include "lib/kernel.h"
#include "mm/mm.h"
#include "mm/paging.h"

extern const char vdso_image[], vdso_image_end[];   /* vdso_image.S */

static union {
    struct vdso_data d;
    char page[PAGE_SIZE];
} vvar __attribute__((aligned(PAGE_SIZE)));

struct vdso_data *vdso_data(void) { return &vvar.d; }

static uint64_t image_len(void) { return ALIGN_UP((uint64_t)(vdso_image_end - vdso_image), PAGE_SIZE); }

uint64_t vdso_page(uint64_t off)
{
    if (off < PAGE_SIZE)
        return virt_to_phys(&vvar);
    off -= PAGE_SIZE;
    return off < image_len() ? virt_to_phys(vdso_image + off) : 0;
}

long vdso_map(struct mm *mm)
{
    long base = mm_map(mm, 0, PAGE_SIZE + image_len(), PROT_READ, VMA_PFNMAP | VMA_VDSO, false,
                       false, NULL, 0);
    if (base < 0)
        return base;
    int r = mm_protect(mm, (uint64_t)base + PAGE_SIZE, image_len(), PROT_READ | PROT_EXEC);
    return r ? r : base + (long)PAGE_SIZE;
}
