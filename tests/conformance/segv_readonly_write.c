/* conf: status=139
 * a store to a PROT_READ mapping kills the process with SIGSEGV. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
    conf_no_core();
    volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 'a';
    CHECK_RET("mprotect PROT_READ", mprotect((void *)p, 4096, PROT_READ), 0);
    printf("read still works: %c\n", p[0]);
    printf("writing to the read-only page\n");
    p[1] = 'b';
    printf("survived (must not)\n");
    return 0;
}
