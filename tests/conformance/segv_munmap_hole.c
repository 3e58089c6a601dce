/* conf: status=139
 * touching a hole punched with munmap kills the process with SIGSEGV. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
    conf_no_core();
    volatile char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = p[4096] = p[8192] = 1;
    CHECK_RET("munmap the middle page", munmap((void *)(p + 4096), 4096), 0);
    printf("neighbours still there: %d %d\n", p[0], p[8192]);
    printf("reading the hole\n");
    printf("value: %d (must not print)\n", p[4096 + 100]);
    return 0;
}
