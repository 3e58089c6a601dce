/* brk/sbrk: grow, use, shrink; the raw syscall's rules; [heap] in maps. */
#include "conf.h"

extern char end[]; /* end of .bss, from the linker */

static int heap_line(void)
{
    char *maps = conf_read_all("/proc/self/maps", NULL);
    int found = maps && strstr(maps, "[heap]") != NULL;
    free(maps);
    return found;
}

int main(void)
{
    /* the first printf allocates stdout's buffer with malloc (from the brk
     * heap): do it first, then start from whatever the break is */
    printf("brk test\n");
    unsigned long cur = (unsigned long)syscall(SYS_brk, 0);
    CHECK("brk(0) returns the current break", cur != 0 && cur == (unsigned long)sbrk(0));
    CHECK("break is above the end of .bss", cur >= (unsigned long)end);

    /* grow by 256 KiB with sbrk */
    char *old = sbrk(256 * 1024);
    CHECK("sbrk grow returns the old break", (unsigned long)old == cur);
    CHECK("new break", (unsigned long)sbrk(0) == cur + 256 * 1024);
    int zero = 1;
    for (int i = 0; i < 256 * 1024; i++)
        if (old[i])
            zero = 0;
    CHECK("new heap memory is zero", zero);
    memset(old, 'h', 256 * 1024);
    CHECK("heap memory writable", old[0] == 'h' && old[256 * 1024 - 1] == 'h');
    CHECK("[heap] in /proc/self/maps", heap_line());

    /* shrink by 128 KiB; the rest stays */
    CHECK("sbrk shrink", sbrk(-128 * 1024) != (void *)-1);
    CHECK("break after shrink", (unsigned long)sbrk(0) == cur + 128 * 1024);
    CHECK("remaining heap kept", old[128 * 1024 - 1] == 'h');
    /* grow again: the re-grown part is zero (Linux unmapped it) */
    sbrk(128 * 1024);
    CHECK("regrown heap is zero", old[128 * 1024] == 0 && old[256 * 1024 - 1] == 0);

    /* raw syscall: returns the new break, or the old one on failure */
    unsigned long b = (unsigned long)syscall(SYS_brk, 0);
    unsigned long r = (unsigned long)syscall(SYS_brk, b + 4096 + 17);
    CHECK("raw brk grow returns the request", r == b + 4096 + 17);
    ((char *)b)[4096 + 16] = 1;
    CHECK("unaligned break usable to the page end", ((char *)b)[4096 + 16] == 1);
    r = (unsigned long)syscall(SYS_brk, 1UL);
    CHECK("raw brk below the start fails: returns current", r == b + 4096 + 17);
    r = (unsigned long)syscall(SYS_brk, 0x7ffffffff000UL);
    CHECK("raw brk into the stack fails: returns current", r == b + 4096 + 17);
    r = (unsigned long)syscall(SYS_brk, b);
    CHECK("raw brk shrink", r == b);
    errno = 0;
    void *e = sbrk((intptr_t)1 << 46);
    printf("sbrk 64 TiB: %s (errno %s)\n", e == (void *)-1 ? "fails" : "succeeds", errname(errno));
    CHECK("break unchanged after failure", (unsigned long)sbrk(0) == b);

    /* malloc still works after all this */
    char *m = malloc(100000);
    memset(m, 1, 100000);
    CHECK("malloc after brk games", m[99999] == 1);
    free(m);
    return 0;
}
