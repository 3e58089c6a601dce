/* The top of the user address space: Linux's TASK_SIZE for a 64-bit program
 * is 0x7ffffffff000, one page below the first non-canonical address, so
 * that no instruction can end at the canonical boundary. No mapping may
 * reach past it: MAP_FIXED there is ENOMEM, munmap EINVAL, mremap EINVAL,
 * and a hint there is only a hint. */
#include "conf.h"
#include <sys/mman.h>

#define TASK_SIZE 0x7ffffffff000ul
#define PAGE 4096ul

int main(void)
{
    int prot = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;

    CHECK_ERRNO("mmap MAP_FIXED of the last page below 2^47", mmap((void *)TASK_SIZE, PAGE, prot,
                anon | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO("mmap MAP_FIXED_NOREPLACE of the last page", mmap((void *)TASK_SIZE, PAGE, prot,
                anon | MAP_FIXED_NOREPLACE, -1, 0), ENOMEM);
    CHECK_ERRNO("mmap MAP_FIXED of two pages ending at 2^47", mmap((void *)(TASK_SIZE - PAGE),
                2 * PAGE, prot, anon | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO("mmap longer than TASK_SIZE", mmap(NULL, TASK_SIZE + PAGE, prot, anon, -1, 0),
                ENOMEM);

    void *p = mmap((void *)TASK_SIZE, PAGE, prot, anon, -1, 0);
    CHECK("mmap with the last page as a hint maps elsewhere",
          p != MAP_FAILED && (uint64_t)p + PAGE <= TASK_SIZE);
    if (p != MAP_FAILED)
        munmap(p, PAGE);

    CHECK_SYSCALL_ERRNO("munmap of the last page", EINVAL, SYS_munmap, TASK_SIZE, PAGE);
    CHECK_SYSCALL_ERRNO("munmap across TASK_SIZE", EINVAL, SYS_munmap, TASK_SIZE - PAGE, 2 * PAGE);
    CHECK_SYSCALL_ERRNO("mprotect of the last page", ENOMEM, SYS_mprotect, TASK_SIZE, PAGE,
                        PROT_READ);

    void *q = mmap(NULL, PAGE, prot, anon, -1, 0);
    CHECK_ERRNO("mremap MAYMOVE|FIXED to the last page",
                mremap(q, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)TASK_SIZE), EINVAL);
    munmap(q, PAGE);
    return 0;
}
