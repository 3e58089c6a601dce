/* A program for test_elf to parse, built static, static-pie and dynamic. */
#include <stdio.h>

int main(void)
{
    puts("hello");
    return 0;
}
