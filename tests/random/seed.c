/* Prints the random bytes a program gets at start: getrandom(2)'s and the
 * kernel's AT_RANDOM (16 bytes glibc seeds its stack protector and pointer
 * guard from). RandomSeedTest boots it twice and compares the lines. */
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/random.h>

static void hex(const char *name, const unsigned char *p, int n)
{
    printf("%s ", name);
    for (int i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

int main(void)
{
    unsigned char buf[32];
    if (getrandom(buf, sizeof buf, 0) != (ssize_t)sizeof buf) {
        perror("getrandom");
        return 1;
    }
    hex("getrandom", buf, sizeof buf);
    const unsigned char *at = (const unsigned char *)getauxval(AT_RANDOM);
    if (!at) {
        printf("no AT_RANDOM\n");
        return 1;
    }
    hex("at_random", at, 16);
    return 0;
}
