/* conf: status=139
 * jumping into a page mapped without PROT_EXEC (NX) kills with SIGSEGV. */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
    conf_no_core();
    unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 0xc3; /* ret */
    printf("calling into a read/write, non-executable page\n");
    ((void (*)(void))p)();
    printf("survived (must not)\n");
    return 0;
}
