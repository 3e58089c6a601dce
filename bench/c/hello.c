/* bench: the static "hello eggos" whose boot time is measured. */
#include <stdio.h>

int main(void)
{
    puts("hello eggos");
    return 0;
}
